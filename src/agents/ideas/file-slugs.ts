import type { IdeaRecord } from '../../domain/results.js';
import { sortedByRecordedAt } from '../record-order.js';

const ID_PREFIX = 6;

/**
 * A unique file slug per idea, by memo id: ideas taken oldest first (memo id breaking ties), the
 * first with a name gets `<name>`, later ones with the same name `<name>-<first 6 chars of memo
 * id>`. Deterministic, so re-rendering never renames a file.
 */
export function ideaFileSlugs(ideas: readonly IdeaRecord[]): Map<string, string> {
  const slugs = new Map<string, string>();
  const taken = new Set<string>();
  for (const idea of sortedByRecordedAt(ideas)) {
    const name = idea.name || 'idea';
    let slug = name;
    // A longer id prefix only in the (unlikely) case that `<name>-<6 chars>` is itself taken.
    for (let length = ID_PREFIX; taken.has(slug) && length <= idea.memoId.length; length++) {
      slug = `${name}-${idea.memoId.slice(0, length)}`;
    }
    for (let n = 2; taken.has(slug); n++) slug = `${name}-${idea.memoId}-${n}`;
    taken.add(slug);
    slugs.set(idea.memoId, slug);
  }
  return slugs;
}
