import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const MEMO_MARK = /<!-- memo:([0-9a-f]+) -->/g;

/**
 * How many times each memo id appears as an entry across the rendered outputs: journal and idea
 * Markdown carry `<!-- memo:ID -->` once per entry; memories JSONL has one `memoId` per line.
 */
export function entriesByMemo(outDir: string): Map<string, number> {
  const counts = new Map<string, number>();
  const add = (id: string) => counts.set(id, (counts.get(id) ?? 0) + 1);
  for (const file of filesUnder(outDir)) {
    const text = readFileSync(file, 'utf8');
    if (file.endsWith('.jsonl')) {
      for (const line of text.split('\n').filter(Boolean))
        add((JSON.parse(line) as { memoId: string }).memoId);
    } else if (!file.endsWith('README.md')) {
      for (const match of text.matchAll(MEMO_MARK)) add(match[1]!);
    }
  }
  return counts;
}

/** sha256 of every file under a folder, keyed by relative path: equal maps mean byte-identical trees. */
export function treeHashes(dir: string): Record<string, string> {
  const hashes: Record<string, string> = {};
  for (const file of filesUnder(dir)) {
    hashes[relative(dir, file)] = createHash('sha256').update(readFileSync(file)).digest('hex');
  }
  return hashes;
}

export function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => (entry.isDirectory() ? filesUnder(join(dir, entry.name)) : [join(dir, entry.name)]))
    .sort();
}

/** The sum of `whispersync_memos_processed_total` over its routes, from the Prometheus text. */
export function processedTotal(text: string): number {
  return [...text.matchAll(/^whispersync_memos_processed_total\{route="[a-z]+"\} (\d+)$/gm)].reduce(
    (sum, m) => sum + Number(m[1]),
    0,
  );
}
