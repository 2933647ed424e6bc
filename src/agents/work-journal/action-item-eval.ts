import type { ActionItem } from '../../domain/results.js';

/** One memo's action items as labelled by a person and as extracted. */
export interface ScoredMemo {
  gold: readonly ActionItem[];
  predicted: readonly ActionItem[];
}

/** A disagreement between gold and predicted items, kept so a failing evaluation can show it. */
export interface ActionItemError {
  memo: number;
  kind: 'missed' | 'spurious' | 'due' | 'owner';
  gold?: ActionItem;
  predicted?: ActionItem;
}

/** How well extracted action items agree with labelled ones over a set of memos. */
export interface ActionItemScores {
  gold: number;
  predicted: number;
  matched: number;
  /** matched / predicted (1 when nothing was predicted). */
  precision: number;
  /** matched / gold (1 when nothing was labelled). */
  recall: number;
  f1: number;
  /** Share of matched items whose due dates agree (both absent counts as agreeing). */
  dueAccuracy: number;
  /** Share of matched items whose owners agree, ignoring case (both absent counts as agreeing). */
  ownerAccuracy: number;
  errors: ActionItemError[];
}

export interface MatchOptions {
  /**
   * Token-set F1 an item's text needs with a gold item's text to count as the same action.
   * @default 0.5
   */
  threshold?: number;
}

const DEFAULTS: Required<MatchOptions> = { threshold: 0.5 };

// Words that say nothing about the task, so wording around it neither helps nor hurts a match.
const FILLERS = new Set(['um', 'uh', 'erm', 'er', 'hmm', 'like', 'so', 'okay', 'ok', 'just', 'basically']);
const WORD = /[\p{L}\p{N}]+(?:['’][\p{L}]+)*/gu;

/** The lowercase words of an action's text, fillers dropped, as a set. */
export function tokenSetOf(text: string): Set<string> {
  const tokens = new Set<string>();
  for (const [word] of text.toLowerCase().matchAll(WORD)) {
    if (!FILLERS.has(word)) tokens.add(word.replace('’', "'"));
  }
  return tokens;
}

/** Token-set F1 of two texts: 1 for the same words, 0 for none shared. */
export function tokenF1(a: string, b: string): number {
  const left = tokenSetOf(a);
  const right = tokenSetOf(b);
  if (left.size === 0 || right.size === 0) return 0;
  let shared = 0;
  for (const token of left) if (right.has(token)) shared += 1;
  return (2 * shared) / (left.size + right.size);
}

/**
 * Pairs gold and predicted items one-to-one: the most similar pair above the threshold first,
 * then the next among those left, so one predicted item never claims two gold ones.
 * @returns `[goldIndex, predictedIndex]` pairs, in gold order.
 */
export function matchItems(
  gold: readonly ActionItem[],
  predicted: readonly ActionItem[],
  options: MatchOptions = {},
): [number, number][] {
  const { threshold } = { ...DEFAULTS, ...options };
  const candidates: { g: number; p: number; score: number }[] = [];
  gold.forEach((goldItem, g) => {
    predicted.forEach((predictedItem, p) => {
      const score = tokenF1(goldItem.text, predictedItem.text);
      if (score >= threshold) candidates.push({ g, p, score });
    });
  });
  candidates.sort((x, y) => y.score - x.score || x.g - y.g || x.p - y.p);
  const usedGold = new Set<number>();
  const usedPredicted = new Set<number>();
  const pairs: [number, number][] = [];
  for (const { g, p } of candidates) {
    if (usedGold.has(g) || usedPredicted.has(p)) continue;
    usedGold.add(g);
    usedPredicted.add(p);
    pairs.push([g, p]);
  }
  return pairs.sort((x, y) => x[0] - y[0]);
}

/** Precision, recall, F1 and, on matched items, due-date and owner accuracy. Pure. */
export function scoreActionItems(memos: readonly ScoredMemo[], options: MatchOptions = {}): ActionItemScores {
  let gold = 0;
  let predicted = 0;
  let matched = 0;
  let dueAgree = 0;
  let ownerAgree = 0;
  const errors: ActionItemError[] = [];
  memos.forEach((memo, index) => {
    gold += memo.gold.length;
    predicted += memo.predicted.length;
    const pairs = matchItems(memo.gold, memo.predicted, options);
    matched += pairs.length;
    const goldMatched = new Set(pairs.map(([g]) => g));
    const predictedMatched = new Set(pairs.map(([, p]) => p));
    for (const [g, p] of pairs) {
      const goldItem = memo.gold[g]!;
      const predictedItem = memo.predicted[p]!;
      if (goldItem.due === predictedItem.due) dueAgree += 1;
      else errors.push({ memo: index, kind: 'due', gold: goldItem, predicted: predictedItem });
      if (goldItem.owner?.toLowerCase() === predictedItem.owner?.toLowerCase()) ownerAgree += 1;
      else errors.push({ memo: index, kind: 'owner', gold: goldItem, predicted: predictedItem });
    }
    memo.gold.forEach((item, g) => {
      if (!goldMatched.has(g)) errors.push({ memo: index, kind: 'missed', gold: item });
    });
    memo.predicted.forEach((item, p) => {
      if (!predictedMatched.has(p)) errors.push({ memo: index, kind: 'spurious', predicted: item });
    });
  });
  const precision = ratio(matched, predicted);
  const recall = ratio(matched, gold);
  return {
    gold,
    predicted,
    matched,
    precision,
    recall,
    f1: precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall),
    dueAccuracy: ratio(dueAgree, matched),
    ownerAccuracy: ratio(ownerAgree, matched),
    errors,
  };
}

function ratio(part: number, whole: number): number {
  return whole === 0 ? 1 : part / whole;
}
