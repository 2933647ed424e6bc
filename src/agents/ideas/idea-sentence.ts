import type { Analysis } from '../../nlp/analysis.js';
import { words } from '../../nlp/word-list.js';

/** Nouns that say what kind of thing an idea is: "an app that…", "a browser extension for…". */
export const PRODUCT_NOUNS = words(`
  app, apps, application, tool, website, site, webapp, service, bot, game, platform, extension,
  plugin, plug-in, library, cli, device, gadget, system, dashboard, widget, api, marketplace,
  newsletter, podcast, tracker, map, kit, board, assistant, subscription, script, bookmarklet,
  product, startup, business, club, program, feature, robot, shop, store, channel, community, sensor,
  list, player, frame, reader, calendar, journal, diary, planner, feed, camera, speaker, keyboard,
  wallet, chatbot, generator, organizer, manager, finder, notebook, directory, registry, editor
`);
const ARTICLES = new Set(['a', 'an', 'the', 'some', 'one']);
const ARTICLE_REACH = 4;

/** Where an idea is introduced: the sentence, its article ("an") and its product noun ("app"). */
export interface IdeaIntro {
  sentence: number;
  article: number;
  product: number;
}

/**
 * The first "a/an/the … <product noun>" in the memo ("an app that reminds you…", "a little
 * browser extension for…"): the sentence that says what the idea is.
 */
export function ideaIntroOf(analysis: Analysis): IdeaIntro | undefined {
  const { pos } = analysis;
  for (let i = 0; i < pos.length; i++) {
    if (pos[i] !== 'NOUN' && pos[i] !== 'PROPN') continue;
    if (!PRODUCT_NOUNS.has(analysis.normalAt(i))) continue;
    const sentence = analysis.sentenceOf[i]!;
    const from = Math.max(analysis.sentences[sentence]?.start ?? 0, i - ARTICLE_REACH);
    for (let j = i - 1; j >= from; j--) {
      if (ARTICLES.has(analysis.normalAt(j)))
        return { sentence, article: j, product: lastOfCompound(analysis, i) };
      if (pos[j] === 'PUNCT') break;
    }
  }
  return undefined;
}

/** "a podcast player": the product is the last product noun of a compound. */
function lastOfCompound(analysis: Analysis, index: number): number {
  let last = index;
  while (PRODUCT_NOUNS.has(analysis.normalAt(last + 1)) && analysis.pos[last + 1] !== 'VERB') last += 1;
  return last;
}
