/** Agreement of extracted sets (names, places) with labelled ones, over many memos. */
export interface SetScores {
  gold: number;
  predicted: number;
  matched: number;
  /** matched / predicted (1 when nothing was predicted). */
  precision: number;
  /** matched / gold (1 when nothing was labelled). */
  recall: number;
  f1: number;
  /** Per memo, what was labelled but not found and found but not labelled. */
  errors: { memo: number; missed: string[]; spurious: string[] }[];
}

/** Case and surrounding space do not make two names different. */
const keyOf = (value: string) => value.trim().toLowerCase();

/** Micro-averaged precision, recall and F1 of predicted sets against gold sets. Pure. */
export function scoreSets(
  memos: readonly { gold: readonly string[]; predicted: readonly string[] }[],
): SetScores {
  let gold = 0;
  let predicted = 0;
  let matched = 0;
  const errors: SetScores['errors'] = [];
  memos.forEach((memo, index) => {
    const goldKeys = new Set(memo.gold.map(keyOf));
    const predictedKeys = new Set(memo.predicted.map(keyOf));
    gold += goldKeys.size;
    predicted += predictedKeys.size;
    const missed = memo.gold.filter((g) => !predictedKeys.has(keyOf(g)));
    const spurious = memo.predicted.filter((p) => !goldKeys.has(keyOf(p)));
    matched += goldKeys.size - missed.length;
    if (missed.length > 0 || spurious.length > 0) errors.push({ memo: index, missed, spurious });
  });
  const precision = predicted === 0 ? 1 : matched / predicted;
  const recall = gold === 0 ? 1 : matched / gold;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { gold, predicted, matched, precision, recall, f1, errors };
}
