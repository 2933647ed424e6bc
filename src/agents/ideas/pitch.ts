import type { Analysis } from '../../nlp/analysis.js';
import { capitalise, cleanSpoken, oneLine } from '../../nlp/cleanup.js';
import { firstInformativeSentence } from '../../nlp/informative-sentence.js';
import { type IdeaIntro, PRODUCT_NOUNS } from './idea-sentence.js';

/** Longest pitch. */
export const PITCH_MAX_LENGTH = 160;

const PRODUCT_PHRASE = new RegExp(
  String.raw`\b(?:an?|the|some|one)\s+(?:[\w'’-]+\s+){0,3}?(?:${[...PRODUCT_NOUNS].join('|')})\b`,
  'i',
);
// "Okay so idea:", "Idea for a side project:", "My new idea is that" before the idea itself.
const LEAD_IN =
  /^(?:[^:.!?]{0,30}\b(?:idea|thought|project|pitch|concept)\b[^:.!?]{0,30}:\s*|(?:(?:so|okay|ok|here's|here is|new|another|random|quick|my|the|an?)\s+)*(?:idea|thought)s?\s*(?:is|was)?\s*(?:that\s+)?)/i;
const TERMINAL = /[.!?…]$/;
const REASON = /,?\s+(?:because|since|cause|'cause)\s|,\s+(?:so|like)\s/i;
const MIN_PITCH = 30;

/**
 * One sentence (≤ 160 chars) saying what the idea is: from "a/an … <product>" in the sentence
 * that introduces it ("An app that reminds you to water your plants."), else the first sentence
 * that says something, without its "okay so idea:" lead-in.
 */
export function pitchOf(analysis: Analysis, intro: IdeaIntro | undefined): string {
  const sentence = intro ? analysis.sentences[intro.sentence] : firstInformativeSentence(analysis);
  const cleaned = cleanSpoken(sentence?.text ?? analysis.text);
  const product = PRODUCT_PHRASE.exec(cleaned);
  const pitch = capitalise((product ? cleaned.slice(product.index) : cleaned.replace(LEAD_IN, '')).trim());
  // "what if there was an app…?" is pitched as a statement; "…, because I keep losing…" is the
  // story behind it, not what it is.
  const reason = REASON.exec(pitch);
  const what = reason && reason.index > MIN_PITCH ? pitch.slice(0, reason.index) : pitch;
  const line = oneLine(what, PITCH_MAX_LENGTH).replace(/\?+$/, '.');
  return line === '' || TERMINAL.test(line) ? line : `${line.replace(/[,;:]+$/, '')}.`;
}
