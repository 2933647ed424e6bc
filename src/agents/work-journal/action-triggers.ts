import { words } from '../../nlp/word-list.js';

/**
 * Phrases that open an action item, compiled once. Case matters for names ("Sarah will"), so
 * the pattern is case-sensitive and spells out the capitalised sentence-start forms it accepts.
 * Each alternative is a named group that says who owns the action.
 */
const MODALS = `(?:will|'ll|’ll|needs? to|has to|have to|should|must|is going to|are going to|is gonna|are gonna|promised to|agreed to|offered to|is supposed to|'s going to|’s going to)`;
const SELF_MODALS = `(?:need to|have to|'ve got to|’ve got to|'ve gotta|got to|gotta|must|should|'ll|’ll|will|am going to|'m going to|’m going to|'m gonna|’m gonna|am gonna|plan to|'d better|’d better)`;
const NAME = `[A-Z][a-zA-Z-]+(?:['’][A-Z][a-zA-Z-]+)?`;

export const ACTION_TRIGGER = new RegExp(
  [
    String.raw`(?<todo>\b(?:[Aa]ction items?|TODO|[Tt]o-?do|[Tt]o do)\s*[:–—-]\s*)`,
    String.raw`(?<remind>\b[Rr]emind me to[\s,]+)`,
    String.raw`(?<forget>\b(?:[Dd]on't|[Dd]on’t|[Dd]o not) forget to[\s,]+)`,
    String.raw`(?<self>\bI(?:,?\s+(?:um+|uh+|erm),?)*\s*${SELF_MODALS}[\s,]+(?:also\s+|definitely\s+|really\s+)?)`,
    String.raw`(?<bare>(?:^|[;:,]\s*)(?:(?:[Aa]lso|[Aa]nd|[Ss]till|[Pp]lus)\s+)?(?:[Nn]eed to|[Hh]ave to|[Gg]otta|[Mm]ust)[\s,]+)`,
    String.raw`(?<we>\b(?:[Ww]e\s*(?:need to|have to|should|must|'ll|’ll|will|are going to|'re going to|’re going to|'re gonna)|[Ll]et's|[Ll]et’s)[\s,]+(?:also\s+|definitely\s+|really\s+)?)`,
    String.raw`(?<follow>\b(?=[Ff]ollow up with\b))`,
    String.raw`(?<pronoun>\b(?:he|she|they|He|She|They)\s*${MODALS}[\s,]+)`,
    String.raw`(?<name>\b(?<who>${NAME}(?:(?:,\s*|\s+(?:and|&)\s+)${NAME})?)(?:\s+|(?=['’]))${MODALS}[\s,]+(?:also\s+)?)`,
  ].join('|'),
  'g',
);

/** A word every trigger contains: sentences without one skip the big pattern. */
export const ACTION_HINT =
  /\b(?:will|'ll|’ll|need|needs|have|has|got|gotta|must|should|going|gonna|plan|better|remind|forget|follow|todo|to-?do|to do|action|let's|let’s|promised|agreed|offered|supposed)\b/i;

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
  | 'name';

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
];

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
  thursday, friday, saturday, sunday, next, one, both, all, anyone, anybody, i, if, when, or
`);

// What follows a modal when the sentence is an opinion, a feeling or a state, not a task:
// "I'll be honest", "I should have sent it", "we'll see", "Sarah will be out".
export const NOT_A_TASK =
  /^(?:not\b|never\b|n't\b|be\s+(?!\w+ing\b)|have\s+\w+(?:ed|en|ne|wn|t)\b|'ve\b|’ve\b|admit|say\b|tell you|vent\b|feel\b|guess\b|wonder\b|hope\b|see\b(?!\s+(?:if|whether)\b)|probably\s+be\b|always\b)/i;

// Phrases before the subject that make the action hypothetical or a question.
export const HYPOTHETICAL = /\b(?:if|unless|whether|what|how|why|wonder|not sure)\s+$/i;
