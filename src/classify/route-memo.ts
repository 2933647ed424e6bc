import type { AgentRoute, Route } from '../domain/route.js';
import type { MemoRouting, RoutingPolicy } from '../domain/routing.js';
import type { Classification } from './classification.js';
import type { LocalClassifier } from './local-classifier.js';
import { type SegmentOptions, sentenceWordsIn, topicSegments } from './segment.js';

export interface RoutingOptions {
  /** @default 'folder-first' */
  policy: RoutingPolicy;
  /** Below this confidence the content decides nothing; a memo with no folder goes to review. @default 0.6 */
  threshold: number;
  /** With `folder-first`, how sure the content must be to overrule the folder. @default 0.9 */
  overrideConfidence: number;
  /** Route the topics of a multi-topic memo separately. @default true */
  split: boolean;
  segments?: SegmentOptions;
}

export const DEFAULT_ROUTING: RoutingOptions = {
  policy: 'folder-first',
  threshold: 0.6,
  overrideConfidence: 0.9,
  split: true,
};

/**
 * Decides where a memo goes from its folder (`hint`; `inbox` when it had none) and its content.
 * `classification` is the whole memo's (from the LLM when one is configured); the local model
 * always does the segmenting, because it can score every stretch of the memo cheaply.
 */
export function routeMemo(
  text: string,
  hint: Route,
  local: LocalClassifier,
  options: RoutingOptions,
  given?: Classification,
): MemoRouting {
  const folder = hint === 'inbox' ? undefined : hint;
  if (options.policy === 'folder-only') {
    return folder
      ? toRoute(folder, text, 'folder', { confidence: 1, reasons: [], source: 'none' })
      : review({
          confidence: 0,
          reasons: ['outside any route folder, and the policy is folder-only'],
          source: 'none',
        });
  }
  // Splitting reads the memo sentence by sentence; the whole memo's words are those words in turn,
  // so the local model classifies from them instead of reading the text a second time, and each
  // word's stem is looked up once for the whole memo, its sentences and the reasons.
  const sentences = options.split ? sentenceWordsIn(text, local) : undefined;
  const classification =
    given ?? (sentences ? local.classifyStemmed(sentences.words, sentences.stems) : local.classify(text));
  const { route, confidence, reasons, source } = classification;
  const decided = { confidence, reasons, source } as const;
  if (sentences) {
    const segments = topicSegments(text, local, options.segments, sentences);
    if (segments) {
      const longest = segments.reduce((a, b) => (b.end - b.start > a.end - a.start ? b : a));
      return {
        route: longest.route,
        decidedBy: 'segments',
        confidence,
        reasons,
        classifier: source,
        parts: segments,
      };
    }
  }
  const sure = confidence >= options.threshold;
  if (folder) {
    const overrule =
      options.policy === 'content-first'
        ? sure
        : route !== folder && confidence >= options.overrideConfidence;
    return overrule ? toRoute(route, text, 'content', decided) : toRoute(folder, text, 'folder', decided);
  }
  return sure ? toRoute(route, text, 'content', decided) : review(decided);
}

interface Decided {
  confidence: number;
  reasons: string[];
  source: MemoRouting['classifier'];
}

/** The whole memo to one route, as its folder or its content decided. */
function toRoute(route: AgentRoute, text: string, decidedBy: 'folder' | 'content', d: Decided): MemoRouting {
  return {
    route,
    decidedBy,
    confidence: d.confidence,
    reasons: d.reasons,
    classifier: d.source,
    parts: [{ route, start: 0, end: text.length, confidence: d.confidence }],
  };
}

function review(d: Decided): MemoRouting {
  return {
    route: 'review',
    decidedBy: 'content',
    confidence: d.confidence,
    reasons: d.reasons,
    classifier: d.source,
    parts: [],
  };
}
