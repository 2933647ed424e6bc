/**
 * A lowercase word set from a comma-separated list. Word lists are written as prose so they stay
 * compact and readable; multi-word entries ("new york") keep single spaces.
 */
export function words(list: string): ReadonlySet<string> {
  return new Set(
    list
      .split(',')
      .map((word) => word.replace(/\s+/g, ' ').trim().toLowerCase())
      .filter(Boolean),
  );
}
