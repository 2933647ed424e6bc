const DIACRITICS = /[\u0300-\u036f]/g;
const NOT_SLUG = /[^a-z0-9]+/g;
const EDGE_DASHES = /^-+|-+$/g;

/** Lowercase ASCII with accents folded ("Café Nuñez" → "cafe nunez"). */
export function asciiFold(text: string): string {
  return text.normalize('NFKD').replace(DIACRITICS, '').toLowerCase();
}

/** Longest slug a repository-style name gets. @default 40 */
export const SLUG_MAX_LENGTH = 40;

/**
 * A repository-style name: lowercase ASCII kebab-case, at most `max` characters, cut between
 * words so no word is left half.
 * @example slugify('Plant Watering — Reminder!') // 'plant-watering-reminder'
 */
export function slugify(text: string, max = SLUG_MAX_LENGTH): string {
  const slug = asciiFold(text).replace(NOT_SLUG, '-').replace(EDGE_DASHES, '');
  if (slug.length <= max) return slug;
  const cut = slug.slice(0, max + 1);
  const lastDash = cut.lastIndexOf('-');
  return (lastDash > 0 ? cut.slice(0, lastDash) : slug.slice(0, max)).replace(EDGE_DASHES, '');
}
