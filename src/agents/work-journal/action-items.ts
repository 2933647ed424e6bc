import type { ActionItem } from '../../domain/results.js';
import { capitalise, cleanSpoken, singleSpaced, trimLooseEnd } from '../../nlp/cleanup.js';
import { dueDateIn } from '../../nlp/due-date.js';
import { STOP_WORDS } from '../../nlp/stop-words.js';
import { isKnownWord } from '../../nlp/vocabulary.js';
import {
  ACTION_HINT,
  ACTION_TRIGGER,
  HYPOTHETICAL,
  INDEFINITE_OWNERS,
  LIST_TRIGGERS,
  NOT_A_TASK,
  NOT_OWNERS,
  OBLIGATION,
  SPEAKER_TRIGGERS,
  STARTS_WITH_DETERMINER,
  TRIGGER_KINDS,
  type TriggerKind,
} from './action-triggers.js';

interface Trigger {
  kind: TriggerKind;
  index: number;
  end: number;
  who?: string;
  /** An `also` trigger inside a dictated list ("TODO: a, b, and c"). */
  list?: boolean;
  /** An `also` trigger joined by a bare "and": "update the plan and tell the team by noon". */
  tight?: boolean;
}

// Where an action's words stop inside a sentence: "…, but", "… because", "; ", and a comma
// that opens an aside or a new clause: ", and honestly …", ", no more excuses", ", the numbers …".
const CLAUSE_END =
  /;|,?\s+(?:but|because|since|although|though|whereas|and then)\s+|,\s+(?:and\s+)?(?:so|then|honestly|actually|basically|obviously|frankly|seriously|hopefully|no more excuses|which|the|this|that|it|it's|that's|they|he|she|I)\b/;
const SPACE_BEFORE_COMMA = /\s+(?=[,.;:])/g;
// What may follow a date that ends its clause: punctuation and a dangling "and", "or", "then".
const LOOSE_TAIL = /^[\s,.;:!]*(?:(?:and|or|but|so|then|also|too)\b[\s,.;:!]*)*$/i;
const STARTS_WITH_PREPOSITION = /^(?:by|before|until|till|due|on|no later than|first thing)\b/i;
// Hedges before the verb say nothing about the task: "probably move the demo".
const HEDGE = /^(?:probably|maybe|definitely|really|just|actually|also|still|finally|quickly)\s+/i;
// …and what is left dangling once a date is gone: "book a one-on-one with Dana, probably next
// Tuesday", "collect the screenshots before then, say by Friday".
const DANGLING_END = /,?\s+(?:probably|maybe|hopefully|ideally|say|like|before|by|until|till)$/i;
const NAME_BEFORE = /\b[A-Z][a-zA-Z'’-]+\b/g;
const TODO_OWNER = /^([A-Z][a-zA-Z'’-]+)\s+(?:to|will|should|needs to|is going to)\s+/;
// Between the names of "Tom and Priya will": a comma, "and" or "&".
const NAME_SEPARATOR = /,\s*|\s+(?:and|&)\s+/;

/**
 * Action items in a work memo's sentences: "I need to …", "I'll …", "remind me to …", "Sarah
 * will … by Friday", "action item: …", "we should …", "follow up with …", "TODO: …". The owner is
 * `me` for the speaker, the name for "<Name> will/needs to/should/is going to"; `due` is resolved
 * against `recordedAt`. Past facts ("I sent the report"), feelings ("I'll be honest") and
 * questions are not actions.
 */
export function actionItemsIn(sentences: readonly string[], recordedAt: string): ActionItem[] {
  const items = new Map<string, ActionItem>();
  for (const raw of sentences) {
    // Triggers are found in the sentence as said; only an action's own words get cleaned, which
    // keeps the cost per memo low (most sentences hold no action).
    const sentence = raw.trim();
    if (sentence.endsWith('?') || !ACTION_HINT.test(sentence)) continue;
    const triggers = triggersIn(sentence);
    const found: (ActionItem | undefined)[] = [];
    triggers.forEach((trigger, i) => {
      // "…, and confirm the headcount" continues the action before it, or nothing.
      const previousItem = found[i - 1];
      const continued = trigger.kind === 'also';
      const owner = continued ? (previousItem ? previousItem.owner : null) : ownerOf(trigger, sentence);
      found.push(
        owner === null
          ? undefined
          : itemAt(sentence, trigger, triggers[i - 1], triggers[i + 1], owner, recordedAt),
      );
    });
    shareTrailingDates(triggers, found);
    for (const item of found) {
      if (!item) continue;
      const key = `${item.owner ?? ''}|${item.text.toLowerCase()}`;
      if (!items.has(key)) items.set(key, item);
    }
  }
  return [...items.values()];
}

/** "Update the plan and tell the team by end of day": a date closing "X and Y" is due for both. */
function shareTrailingDates(triggers: readonly Trigger[], found: (ActionItem | undefined)[]): void {
  for (let i = found.length - 2; i >= 0; i--) {
    const item = found[i];
    const next = found[i + 1];
    if (item && next?.due && item.due === undefined && triggers[i + 1]?.tight) item.due = next.due;
  }
}

function triggersIn(sentence: string): Trigger[] {
  const found: Trigger[] = [];
  ACTION_TRIGGER.lastIndex = 0;
  for (let m = ACTION_TRIGGER.exec(sentence); m !== null; m = ACTION_TRIGGER.exec(sentence)) {
    if (m[0].length === 0) ACTION_TRIGGER.lastIndex += 1; // zero-width "follow up with"
    const kind = kindOf(m.groups);
    if (!kind) continue;
    const previous = found[found.length - 1];
    // "I need to follow up with…": the follow-up is the speaker's action, not a second one.
    if (kind === 'follow' && previous && sentence.slice(previous.end, m.index).trim() === '') continue;
    const trigger: Trigger = { kind, index: m.index, end: m.index + m[0].length };
    if (kind === 'also') {
      // "…, and confirm the headcount" only continues an action already begun, and a lone
      // comma only joins actions in a dictated list ("TODO: book flights, renew my passport").
      if (!previous) continue;
      trigger.list = LIST_TRIGGERS.has(previous.kind) || previous.list === true;
      if (m.groups?.joined === undefined && !trigger.list) continue;
      trigger.tight = m.groups?.comma === undefined;
    }
    const who = m.groups?.who ?? m.groups?.lowerWho;
    if (who) withOwnerNamed(trigger, who);
    found.push(trigger);
  }
  return found;
}

/** The kind of trigger a match is: the named group it matched. A loop, not `find`: it runs per match. */
function kindOf(groups: Record<string, string | undefined> | undefined): TriggerKind | undefined {
  if (groups === undefined) return undefined;
  for (const kind of TRIGGER_KINDS) if (groups[kind] !== undefined) return kind;
  return undefined;
}

/**
 * Sets a trigger's `who`, dropping words that only look like names in front of the real one:
 * "Monday and Yusuf is going to…", "Two, Leila will…" (the trigger then starts at the name).
 */
function withOwnerNamed(trigger: Trigger, who: string): void {
  const names = who.split(NAME_SEPARATOR);
  let offset = 0;
  for (let i = 0; i < names.length - 1 && NOT_OWNERS.has(names[i]!.toLowerCase()); i++) {
    offset = who.indexOf(names[i + 1]!, offset + names[i]!.length);
  }
  trigger.index += offset;
  trigger.who = who.slice(offset);
}

function itemAt(
  sentence: string,
  trigger: Trigger,
  previous: Trigger | undefined,
  next: Trigger | undefined,
  owner: string | undefined,
  recordedAt: string,
): ActionItem | undefined {
  const before = sentence.slice(previous?.end ?? 0, trigger.index);
  if (HYPOTHETICAL.test(before)) return undefined;
  let words = sentence.slice(trigger.end, next?.index ?? sentence.length);
  const clauseEnd = CLAUSE_END.exec(words);
  words = cleanSpoken(clauseEnd ? words.slice(0, clauseEnd.index) : words);
  if (NOT_A_TASK.test(words)) return undefined;
  if (trigger.kind !== 'todo' && STARTS_WITH_DETERMINER.test(words)) return undefined;

  if (trigger.kind === 'todo') {
    const named = TODO_OWNER.exec(words);
    if (named?.[1] && !NOT_OWNERS.has(named[1].toLowerCase())) {
      owner = named[1];
      words = words.slice(named[0].length);
    }
  }
  const due = dueDateIn(words, recordedAt);
  if (due) {
    // "send it by Friday" reads fine without "by Friday"; "move the demo to next Thursday so…"
    // would not read without its date, so a date in mid-clause stays in the text.
    const after = words.slice(due.index + due.length);
    const dropped = !LOOSE_TAIL.test(after) && !STARTS_WITH_PREPOSITION.test(words.slice(due.index));
    const rest = dropped ? words : `${words.slice(0, due.index)} ${after}`;
    return finish(rest.replace(SPACE_BEFORE_COMMA, ''), owner, due.due);
  }
  // "By Friday, I need to…": a date before the first trigger of a sentence belongs to it.
  return finish(words, owner, previous ? undefined : dueDateIn(before, recordedAt)?.due);
}

/** The owner a trigger names: `me`, a name, undefined when unsaid, null when it is no person. */
function ownerOf(trigger: Trigger, sentence: string): string | undefined | null {
  if (SPEAKER_TRIGGERS.has(trigger.kind)) return 'me';
  const first = trigger.who?.split(/[\s,&]+/)[0]?.toLowerCase() ?? '';
  // "Somebody should read it" is an action nobody owns yet; "everyone will love it" is none.
  if (INDEFINITE_OWNERS.has(first)) {
    return OBLIGATION.test(sentence.slice(trigger.index, trigger.end)) ? undefined : null;
  }
  if (trigger.kind === 'name') return NOT_OWNERS.has(first) ? null : trigger.who;
  if (trigger.kind === 'lower') {
    // Lowercase transcripts lose the capital that marks a name: "hugo needs to" is a person,
    // "prices will" and "everything should" are not.
    const who = trigger.who ?? '';
    return NOT_OWNERS.has(who) || STOP_WORDS.has(who) || isKnownWord(who) ? null : who;
  }
  if (trigger.kind === 'pronoun') {
    // "Tom said he'll send the logs": the last name before the pronoun.
    const names = sentence.slice(0, trigger.index).match(NAME_BEFORE) ?? [];
    return names.reverse().find((n) => !NOT_OWNERS.has(n.toLowerCase()) && n !== 'I') ?? undefined;
  }
  return undefined;
}

function finish(words: string, owner: string | undefined, due: string | undefined): ActionItem | undefined {
  let text = trimLooseEnd(singleSpaced(words));
  for (let tidy = text.replace(DANGLING_END, ''); tidy !== text; tidy = text.replace(DANGLING_END, '')) {
    text = trimLooseEnd(tidy);
  }
  text = text.replace(HEDGE, '');
  // One word ("I'll check") names no task a reader could act on.
  if (!text.includes(' ')) return undefined;
  const item: ActionItem = { text: capitalise(text) };
  if (owner !== undefined) item.owner = owner;
  if (due !== undefined) item.due = due;
  return item;
}
