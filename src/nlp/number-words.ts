/** Spoken numbers as they appear in transcripts ("in two weeks", "on the fifteenth"). */

const CARDINALS: Record<string, number> = {
  a: 1,
  an: 1,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  'a couple': 2,
  'a couple of': 2,
  'couple of': 2,
};

const UNITS = ['first', 'second', 'third', 'fourth', 'fifth', 'sixth', 'seventh', 'eighth', 'ninth'];
const TEENS = [
  'tenth',
  'eleventh',
  'twelfth',
  'thirteenth',
  'fourteenth',
  'fifteenth',
  'sixteenth',
  'seventeenth',
  'eighteenth',
  'nineteenth',
];

const ORDINALS = new Map<string, number>();
for (const [i, word] of UNITS.entries()) {
  ORDINALS.set(word, i + 1);
  ORDINALS.set(`twenty ${word}`, 21 + i);
}
for (const [i, word] of TEENS.entries()) ORDINALS.set(word, i + 10);
ORDINALS.set('twentieth', 20).set('thirtieth', 30).set('thirty first', 31);

/** Regex source matching every day-of-month ordinal word, longest first, hyphen or space inside. */
export const ORDINAL_WORDS_PATTERN = [...ORDINALS.keys()]
  .sort((a, b) => b.length - a.length)
  .map((word) => word.replace(' ', '[- ]'))
  .join('|');

/** Value of a spoken count ("two", "a couple of", "12"); undefined when it is not one. */
export function numberWord(word: string): number | undefined {
  const key = word.toLowerCase().replace(/\s+/g, ' ').trim();
  return /^\d+$/.test(key) ? Number(key) : CARDINALS[key];
}

/** Day of month of an ordinal word ("fifteenth" → 15, "twenty-first" → 21). */
export function ordinalWord(word: string): number | undefined {
  return ORDINALS.get(word.toLowerCase().replace(/[-\s]+/g, ' '));
}
