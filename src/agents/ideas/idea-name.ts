import type { Analysis } from '../../nlp/analysis.js';
import { slugify } from '../../nlp/slug.js';
import { keywordsOf } from '../../nlp/tags.js';
import { words } from '../../nlp/word-list.js';
import { AGENT_NOUNS } from './agent-nouns.js';
import type { IdeaIntro } from './idea-sentence.js';

// Words around the idea that say nothing about it: "helps you", "lets people", "a little app".
const FILLER_WORDS = words(`
  help, helps, let, lets, allow, allows, make, makes, use, uses, get, gets, be, is, are, just, basically,
  actually, really, automatically, you, your, people, user, users, me, my, someone, anyone, them,
  their, thing, things, kind, sort, way, stuff, idea, little, simple, small, tiny, super, very, able,
  want, new, cool, nice, good, great
`);
const RELATIVES = new Set(['that', 'which', 'who', 'to']);
const KEEP = new Set(['keep', 'keeps', 'keeping']);
const KEPT_TAGS = new Set(['NOUN', 'VERB', 'PROPN', 'ADJ']);
const MAX_WORDS = 3;
const FALLBACK_NAME = 'untitled-idea';

interface Kept {
  word: string;
  lemma: string;
  tag: string;
  /** A gerund right after a preposition: "for sharing recipes". */
  gerund: boolean;
}

/**
 * A repository-style name from the idea's key words. A doer verb after "an app that…" names the
 * product ("reminds you to water your plants" → `water-plants-reminder`, "keep track of
 * receipts" → `receipt-tracker`); else the words before the product noun do ("a shared grocery
 * list" → `shared-grocery-list`); else the nouns after it, with the product noun appended ("a
 * website for sharing recipes" → `recipe-sharing-website`). A front-matter `title` wins.
 */
export function ideaNameOf(analysis: Analysis, intro: IdeaIntro | undefined, title?: unknown): string {
  if (typeof title === 'string' && slugify(title) !== '') return slugify(title);
  if (!intro) return slugify(keywordsOf(analysis).slice(0, MAX_WORDS).join(' ')) || FALLBACK_NAME;
  const end = analysis.sentences[intro.sentence]?.end ?? analysis.values.length - 1;
  const product = analysis.normalAt(intro.product);
  const { kept, agent } = keyWords(analysis, intro.product + 1, end);
  let name: string[];
  if (agent) name = [...ordered(kept), agent];
  else {
    const modifiers = modifiersOf(analysis, intro.article + 1, intro.product - 1);
    name = modifiers.length > 0 ? [...modifiers, product] : [...ordered(kept).slice(-2), product];
  }
  return slugify(name.join(' ')) || FALLBACK_NAME;
}

/** "a self hosted photo frame": the describing words between the article and the product. */
function modifiersOf(a: Analysis, from: number, to: number): string[] {
  const found: string[] = [];
  for (let i = from; i <= to; i++) {
    if (!KEPT_TAGS.has(a.pos[i]!) || a.isStopWord(i) || FILLER_WORDS.has(a.normalAt(i)) || !a.isWord(i))
      continue;
    found.push(a.normalAt(i));
  }
  return found.slice(-MAX_WORDS);
}

/** Key words of the clause after the product noun, and the doer its first verb names. */
function keyWords(a: Analysis, from: number, to: number): { kept: Kept[]; agent?: string } {
  const kept: Kept[] = [];
  let agent: string | undefined;
  for (let i = from; i <= to && kept.length < MAX_WORDS; i++) {
    const tag = a.pos[i]!;
    const normal = a.normalAt(i);
    const hasNoun = kept.some((k) => k.tag === 'NOUN' || k.tag === 'PROPN');
    // The first phrase after the product says what it does; "with friends", "based on…" add detail.
    if (hasNoun && (tag === 'ADP' || tag === 'VERB' || tag === 'SCONJ')) break;
    if ((tag === 'CCONJ' || tag === 'PUNCT') && kept.length > 0) break;
    if (KEEP.has(normal) && a.normalAt(i + 1) === 'track') {
      agent ??= 'tracker';
      i += a.normalAt(i + 2) === 'of' ? 2 : 1;
      continue;
    }
    if (!KEPT_TAGS.has(tag) || a.isStopWord(i) || FILLER_WORDS.has(normal) || !a.isWord(i)) continue;
    const lemma = a.lemmaAt(i);
    const doer = AGENT_NOUNS.get(lemma);
    // wink sometimes tags the verb after "that" as a noun ("that blocks sites").
    const actsAsVerb = tag === 'VERB' || RELATIVES.has(a.normalAt(i - 1));
    if (doer && actsAsVerb && !agent && kept.length === 0) {
      agent = doer;
      continue;
    }
    // A noun right after its verb keeps its number ("water plants"); elsewhere it is a modifier
    // and singular ("receipt tracker").
    const afterVerb = kept[kept.length - 1]?.tag === 'VERB';
    const word =
      tag === 'NOUN' && !afterVerb ? lemma : tag === 'VERB' && !normal.endsWith('ing') ? lemma : normal;
    const gerund =
      tag === 'VERB' && normal.endsWith('ing') && (a.pos[i - 1] === 'ADP' || a.pos[i - 1] === 'SCONJ');
    kept.push({ word, lemma, tag, gerund });
  }
  return agent ? { kept, agent } : { kept };
}

/** "for sharing recipes" reads as a name the other way round: "recipe sharing". */
function ordered(kept: Kept[]): string[] {
  const [first, second, ...rest] = kept;
  if (first?.gerund && second?.tag === 'NOUN') return [second.lemma, first.word, ...rest.map((k) => k.word)];
  return kept.map((k) => k.word);
}
