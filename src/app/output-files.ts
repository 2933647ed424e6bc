import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Writes `content` only when the file differs, through a temp file and a rename: a re-run leaves
 * files byte-identical (and their mtimes alone), and a crash never leaves half a file. No fsync:
 * outputs are derived from the store, and the next export rewrites whatever a power loss lost.
 * @returns whether the file was written
 */
export function writeIfChanged(file: string, content: string): boolean {
  try {
    if (readFileSync(file, 'utf8') === content) return false;
  } catch {
    // absent or unreadable: write it
  }
  mkdirSync(dirname(file), { recursive: true });
  const temp = `${file}.${randomUUID()}.tmp`;
  writeFileSync(temp, content);
  renameSync(temp, file);
  return true;
}
