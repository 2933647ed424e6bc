import { capitalise, cleanSpoken, oneLine, trimLooseEnd } from '../../nlp/cleanup.js';
import { atWordStart } from '../../nlp/word-start.js';

/** Longest feature bullet. */
const FEATURE_MAX_LENGTH = 160;

// Clauses that describe what the idea does, compiled once. `it`-style subjects are dropped
// ("it would send reminders" → "Send reminders"); people stay ("Users can share lists").
const FEATURE = new RegExp(
  [
    atWordStart(
      String.raw`(?<thing>(?:[Ii]t|[Tt]he (?:app|tool|site|website|bot|extension|service|dashboard|game|device)|[Tt]his|[Tt]hat)\s*(?:would|could|should|can|will|might|'d|’d|'ll|’ll)\s+(?:also\s+|maybe\s+|even\s+)?)`,
      String.raw`(?<people>(?=(?:[Uu]sers?|[Yy]ou|[Pp]eople|[Ff]riends|[Ff]amilies|[Pp]arents|[Kk]ids)\s+(?:would|could|should|can|will|might)\s))`,
      String.raw`(?<label>[Ff]eatures?\s*(?:idea)?\s*[:–—-]\s*)`,
    ),
    String.raw`(?<also>(?:^|[.;,]\s*)(?:[Aa]nd\s+)?(?:[Aa]lso|[Pp]lus)[,:]?\s+|(?:^|[.;,]\s*)[Mm]aybe\s+(?:also\s+)?(?=(?:an?|some|the|[a-z]+ing)\b))`,
  ].join('|'),
  'g',
);
// A word every feature clause contains: sentences without one skip the big pattern.
const FEATURE_HINT = /\b(?:would|could|should|can|will|might|'d|’d|'ll|’ll|features?|also|plus|maybe)\b/i;
// "it would be cool if it synced with Spotify": the wish is the feature.
const WISH =
  /^be\s+(?:really\s+|so\s+|super\s+)?(?:cool|nice|great|awesome|neat|fun|good|amazing|handy|useful|helpful|sweet)\s*(?:if|to|when)?\s*/i;
const VAGUE =
  /^(?:be\s+(?:\w+\s+)?(?:cool|nice|great|awesome|neat|fun|good|amazing|handy|useful|helpful|sweet|hard|tricky|expensive)|work|happen|help|do\s+(?:that|this|it))$/i;
const NORMAL_KEY = /[^a-z0-9]+/g;

/**
 * Feature bullets from clauses like "it would …", "it could …", "users can …", "feature: …",
 * "it should …", "also …", in order, without repeats.
 */
export function featuresIn(sentences: readonly string[]): string[] {
  const features = new Map<string, string>();
  for (const sentence of sentences) {
    // Clauses are found in the sentence as said; only a feature's own words get cleaned.
    const cleaned = sentence.trim();
    if (cleaned.endsWith('?') || !FEATURE_HINT.test(cleaned)) continue;
    const starts: { index: number; end: number }[] = [];
    FEATURE.lastIndex = 0;
    for (let m = FEATURE.exec(cleaned); m !== null; m = FEATURE.exec(cleaned)) {
      if (m[0].length === 0) FEATURE.lastIndex += 1; // zero-width "users can…"
      starts.push({ index: m.index, end: m.index + m[0].length });
    }
    starts.forEach((start, i) => {
      const feature = featureText(cleaned.slice(start.end, starts[i + 1]?.index ?? cleaned.length));
      const key = feature?.toLowerCase().replace(NORMAL_KEY, ' ').trim();
      if (feature && key && !features.has(key)) features.set(key, feature);
    });
  }
  return [...features.values()];
}

function featureText(clause: string): string | undefined {
  const semicolon = clause.indexOf(';');
  let text = trimLooseEnd(cleanSpoken(semicolon < 0 ? clause : clause.slice(0, semicolon)));
  if (VAGUE.test(text)) return undefined;
  const wish = WISH.exec(text);
  if (wish) text = text.slice(wish[0].length);
  // One word is no feature (`includes`, not `split`: this runs for every clause of every idea).
  if (!text.includes(' ')) return undefined;
  return oneLine(capitalise(text), FEATURE_MAX_LENGTH);
}
