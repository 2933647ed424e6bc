import { words } from '../../nlp/word-list.js';
import { atWordStart } from '../../nlp/word-start.js';

/**
 * Phrases that open an action item, compiled once. Case matters for names ("Sarah will"), so
 * the pattern is case-sensitive and spells out the capitalised sentence-start forms it accepts.
 * Each alternative is a named group that says who owns the action.
 */
const MODALS = `(?:will|'ll|’ll|needs? to|has to|have to|should|must|is going to|are going to|is gonna|are gonna|'s gonna|’s gonna|promised to|agreed to|offered to|is supposed to|'s going to|’s going to)`;
const SELF_MODALS = `(?:need to|have to|'ve got to|’ve got to|'ve gotta|got to|gotta|must|should|'ll|’ll|will|am going to|'m going to|’m going to|'m gonna|’m gonna|am gonna|plan to|want to|wanna|'d better|’d better)`;
const NAME = `[A-Z][a-zA-Z-]+(?:['’][A-Z][a-zA-Z-]+)?`;
// Where an all-lowercase transcript can start a clause with a name: "… basically hugo needs to".
const CLAUSE_OPENER = String.raw`(?:^|(?<=(?:^|[,;:]|\b(?:and|then|so|but|basically|also|plus|um+|uh+|yeah|okay|ok))\s+))`;
// Words that cannot start a second action joined by "and" or a list comma: function words,
// subjects, adverbs ("…, and honestly the"), gerunds ("…, including the hotel").
const NOT_A_VERB = String.raw`(?:(?:the|a|an|then|so|also|just|still|maybe|probably|hopefully|honestly|actually|basically|really|obviously|ideally|preferably|not|only|even|very|too|now|here|there|please|say|i|we|you|he|she|they|it|that|this|these|those|which|who|whom|whose|where|when|while|what|how|why|if|unless|whether|because|since|once|after|before|until|till|as|or|and|but|nor|plus|except|with|without|for|from|to|in|on|at|about|into|onto|than|like|of|by|via|per|my|our|your|his|her|their|its|some|all|any|each|every|both|either|neither|no|more|most|less|ok|okay|yeah|well|um|uh)|[a-z]+(?:ally|ily|ably|ibly|ously|ently|antly|ately|ively|fully|rly|ing))\b`;
const DETERMINER = `(?:the|a|an|my|our|his|her|their|your|its|this|that|these|those|some|all|any)`;

export const ACTION_TRIGGER = new RegExp(
  [
    atWordStart(
      String.raw`(?<todo>(?:[Aa]ction items?|TODO|[Tt]o-?do|[Tt]o do)\s*[:–—-]\s*)`,
      String.raw`(?<remind>(?:(?:[Mm]ake sure|[Rr]emember) to[\s,]+|(?:[Rr]emind|[Aa]sked|[Tt]old|[Ww]ants?|[Ww]anted|[Nn]eeds|[Rr]eminded) me to[\s,]+|(?:[Rr]eminder|[Nn]ote) (?:to|for) (?:myself|self|me)\s*[:,–—-]\s*))`,
      String.raw`(?<forget>(?:[Dd]on't|[Dd]on’t|[Dd]o not) forget to[\s,]+)`,
      String.raw`(?<self>[Ii](?=[\s,'’])(?:,?\s+(?:um+|uh+|erm),?)*\s*${SELF_MODALS}[\s,]+(?:also\s+|definitely\s+|really\s+)?)`,
    ),
    String.raw`(?<bare>(?:^|[;:,]\s*)(?:(?:[Aa]lso|[Aa]nd|[Ss]till|[Pp]lus)\s+)?(?:[Nn]eed to|[Hh]ave to|[Gg]otta|[Mm]ust)[\s,]+)`,
    atWordStart(
      String.raw`(?<we>(?:[Ww]e\s*(?:need to|have to|should|must|'ll|’ll|will|are going to|'re going to|’re going to|'re gonna)|[Ll]et's|[Ll]et’s)[\s,]+(?:also\s+|definitely\s+|really\s+)?)`,
      String.raw`(?<follow>(?=[Ff]ollow up with\b))`,
      String.raw`(?<pronoun>(?:he|she|they|He|She|They)\s*${MODALS}[\s,]+)`,
      String.raw`(?<name>(?<who>${NAME}(?:(?:,\s*|\s+(?:and|&)\s+)${NAME})?)(?:\s+|(?=['’]))${MODALS}[\s,]+(?:also\s+)?)`,
      String.raw`(?<lower>${CLAUSE_OPENER}(?<lowerWho>[a-z][a-z-]+)(?:\s+|(?=['’]))${MODALS}[\s,]+(?:also\s+)?)`,
    ),
    // "I need to update the plan and tell the team", "TODO: book flights, renew my passport":
    // a second verb with its object, same owner. Whether a lone comma may join two actions is
    // decided by the caller (only in lists after "TODO:" or "note to self:").
    String.raw`(?<also>(?:(?<comma>,)\s*|\s+(?=and\b))(?<joined>and\b)?(?:\s+then\b)?[\s,]+(?:(?:um+|uh+|erm)[\s,]+)*(?:then\s+|also\s+)?(?=(?!${NOT_A_VERB})[a-z]+\s+(?:${DETERMINER}\s|[A-Z])))`,
  ].join('|'),
  'g',
);

/** A word every trigger contains: sentences without one skip the big pattern. */
export const ACTION_HINT =
  /\b(?:will|'ll|’ll|need|needs|have|has|got|gotta|must|should|going|gonna|plan|want|wants|wanted|wanna|better|remind|reminded|reminder|note|asked|told|forget|remember|sure|follow|todo|to-?do|to do|action|let's|let’s|promised|agreed|offered|supposed)\b/i;

/** Which kind of trigger matched; decides the owner. */
export type TriggerKind =
  | 'todo'
  | 'remind'
  | 'forget'
  | 'self'
  | 'bare'
  | 'we'
  | 'follow'
  | 'pronoun'
  | 'name'
  | 'lower'
  | 'also';

export const TRIGGER_KINDS: readonly TriggerKind[] = [
  'todo',
  'remind',
  'forget',
  'self',
  'bare',
  'we',
  'follow',
  'pronoun',
  'name',
  'lower',
  'also',
];

/** Triggers that open a list the speaker dictates: "TODO: a, b, and c", "note to self: …". */
export const LIST_TRIGGERS: ReadonlySet<TriggerKind> = new Set(['todo', 'remind']);

/** Triggers whose action is the speaker's own. */
export const SPEAKER_TRIGGERS: ReadonlySet<TriggerKind> = new Set([
  'remind',
  'forget',
  'self',
  'bare',
  'follow',
]);

// Capitalised words before "will"/"should" that are not people: "It will", "Everyone should".
export const NOT_OWNERS = words(`
  it, this, that, there, these, those, everything, everyone, everybody, someone, somebody, nobody,
  nothing, he, she, they, you, we, which, what, who, the, then, maybe, also, and, but, so,
  hopefully, probably, obviously, honestly, today, tomorrow, tonight, monday, tuesday, wednesday,
  thursday, friday, saturday, sunday, next, one, both, all, anyone, anybody, i, if, when, or,
  two, three, four, five, six, seven, eight, nine, ten, first, second, third, fourth, fifth, last,
  finally, plus, oh, ok, okay, right, now, well, yeah, um, uh, gonna, wanna, gotta
`);

// Subjects that leave an action unowned rather than make it no action: "somebody should read it".
export const INDEFINITE_OWNERS = words('someone, somebody, anyone, anybody, everyone, everybody');
// Only obligations make such a sentence an action: "everyone should", not "everyone will love it".
export const OBLIGATION = /\b(?:should|must|needs? to|has to|have to|ought to)\b/;

// What follows a modal when the sentence is an opinion, a feeling or a state, not a task:
// "I'll be honest", "I should have sent it", "we'll see", "Sarah will be out".
export const NOT_A_TASK =
  /^(?:not\b|never\b|n't\b|be\s+(?!\w+ing\b)|have\s+\w+(?:ed|en|ne|wn|t)\b|'ve\b|’ve\b|admit|say\b|tell you|vent\b|feel\b|guess\b|wonder\b|hope\b|see\b(?!\s+(?:if|whether)\b)|probably\s+be\b|always\b|understand\b|know\b|believe\b|remember\b(?!\s+to\b)|enjoy\b|survive\b|get\s+there\b|(?:manage|(?:figure|sort|work)\s+(?:it|this|that)\s+out)[.!]?$)/i;

// An action starts with a verb; "they agreed to the new pricing" names a thing, not a task.
export const STARTS_WITH_DETERMINER = /^(?:the|a|an|my|our|his|her|their|your|its|this|that|these|those)\b/i;

// Phrases before the subject that make the action hypothetical, a question or denied.
export const HYPOTHETICAL =
  /\b(?:if|unless|whether|what|how|why|wonder|not sure|(?:don't|don’t|do not) think)\s+$/i;
