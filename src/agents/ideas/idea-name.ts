import type { Analysis } from '../../nlp/analysis.js';
import { slugify } from '../../nlp/slug.js';
import { keywordsOf } from '../../nlp/tags.js';
import { words } from '../../nlp/word-list.js';
import type { IdeaIntro } from './idea-sentence.js';

// Verbs whose doer names the product: "reminds you to water plants" → "…-reminder".
const AGENT_NOUNS: Record<string, string> = {
  remind: 'reminder', track: 'tracker', plan: 'planner', find: 'finder', log: 'logger', split: 'splitter',
  schedule: 'scheduler', translate: 'translator', generate: 'generator', summarize: 'summarizer',
  summarise: 'summariser', organize: 'organizer', organise: 'organiser', count: 'counter',
  notify: 'notifier', match: 'matcher', recommend: 'recommender', scan: 'scanner', build: 'builder',
  convert: 'converter', calculate: 'calculator', record: 'recorder', detect: 'detector', sort: 'sorter',
  collect: 'collector', check: 'checker', manage: 'manager', analyze: 'analyzer', block: 'blocker',
  monitor: 'monitor', time: 'timer', swap: 'swapper', watch: 'watcher', alert: 'alerter',
};
// Words around the idea that say nothing about it: "helps you", "lets people", "basically".
const FILLER_WORDS = words(`
  help, helps, let, lets, allow, allows, make, makes, use, uses, get, gets, be, is, are, just, basically,
  actually, really, automatically, you, your, people, user, users, me, my, someone, anyone, them,
  their, thing, things, kind, sort, way, stuff, idea, little, simple, small, super, very, able, want
`);
const RELATIVES = new Set(['that', 'which', 'who', 'to']);
const KEPT_TAGS = new Set(['NOUN', 'VERB', 'PROPN', 'ADJ']);
const MAX_WORDS = 3;
const FALLBACK_NAME = 'untitled-idea';

/**
 * A repository-style name from the idea's key words: the words after "an app that…", with a
 * doer verb turned into the product ("reminds you to water your plants" →
 * `water-plants-reminder`, "keep track of receipts" → `receipt-tracker`), else the product noun
 * appended ("a website for sharing recipes" → `recipe-sharing-website`). A `title` given in
 * front matter wins.
 */
export function ideaNameOf(analysis: Analysis, intro: IdeaIntro | undefined, title?: unknown): string {
  if (typeof title === 'string' && slugify(title) !== '') return slugify(title);
  if (!intro) return slugify(keywordsOf(analysis).slice(0, MAX_WORDS).join(' ')) || FALLBACK_NAME;
  const end = analysis.sentences[intro.sentence]?.end ?? analysis.values.length - 1;
  const { kept, agent } = keyWords(analysis, intro.product + 1, end);
  const named = swapGerund(kept);
  const product = analysis.normalAt(intro.product);
  if (agent) named.push(agent);
  else if (named.length < MAX_WORDS && !named.includes(product)) named.push(product);
  return slugify(named.join(' ')) || FALLBACK_NAME;
}

interface Kept {
  word: string;
  lemma: string;
  tag: string;
  /** A gerund right after a preposition: "for sharing recipes". */
  gerund: boolean;
}

function keyWords(a: Analysis, from: number, to: number): { kept: Kept[]; agent?: string } {
  const kept: Kept[] = [];
  let agent: string | undefined;
  for (let i = from; i <= to && kept.length < MAX_WORDS; i++) {
    const tag = a.pos[i]!;
    const normal = a.normalAt(i);
    const hasNoun = kept.some((k) => k.tag === 'NOUN');
    // The first phrase after the product says what it does; "with friends", "and" add detail.
    if ((tag === 'ADP' && hasNoun) || ((tag === 'CCONJ' || tag === 'PUNCT') && kept.length > 0)) break;
    if (normal === 'keep' && a.normalAt(i + 1) === 'track') {
      agent ??= 'tracker';
      i += a.normalAt(i + 2) === 'of' ? 2 : 1;
      continue;
    }
    if (!KEPT_TAGS.has(tag) || a.isStopWord(i) || FILLER_WORDS.has(normal) || !a.isWord(i)) continue;
    const lemma = a.lemmaAt(i).toLowerCase();
    const doer = AGENT_NOUNS[lemma];
    // wink sometimes tags the verb after "that" as a noun ("that blocks sites").
    const actsAsVerb = tag === 'VERB' || RELATIVES.has(a.normalAt(i - 1));
    if (doer && actsAsVerb && !agent && kept.length === 0) {
      agent = doer;
      continue;
    }
    // A noun right after its verb keeps its number ("water plants"); elsewhere it is a modifier
    // and singular ("receipt tracker").
    const afterVerb = kept[kept.length - 1]?.tag === 'VERB';
    const word = tag === 'NOUN' && !afterVerb ? lemma : tag === 'VERB' && !normal.endsWith('ing') ? lemma : normal;
    const gerund = tag === 'VERB' && normal.endsWith('ing') && (a.pos[i - 1] === 'ADP' || a.pos[i - 1] === 'SCONJ');
    kept.push({ word, lemma, tag, gerund });
  }
  return agent ? { kept, agent } : { kept };
}

/** "for sharing recipes" reads as a name the other way round: "recipe sharing". */
function swapGerund(kept: Kept[]): string[] {
  const [first, second, ...rest] = kept;
  if (first?.gerund && second?.tag === 'NOUN') {
    return [second.lemma, first.word, ...rest.map((k) => k.word)];
  }
  return kept.map((k) => k.word);
}
