import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Writes `content` only when the file differs, through a temp file and a rename: a re-run leaves
 * files byte-identical (and their mtimes alone), and a crash never leaves half a file. No fsync:
 * outputs are derived from the store, and the next export rewrites whatever a power loss lost.
 * @param folders - folders this caller has already made: an export writes thousands of files into a
 *   few folders, and each `mkdir` is a system call or two.
 * @returns whether the file was written
 */
export function writeIfChanged(file: string, content: string, folders?: Set<string>): boolean {
  try {
    if (readFileSync(file, 'utf8') === content) return false;
  } catch {
    // absent or unreadable: write it
  }
  const folder = dirname(file);
  if (!folders?.has(folder)) {
    mkdirSync(folder, { recursive: true });
    folders?.add(folder);
  }
  const temp = `${file}.${randomUUID()}.tmp`;
  try {
    writeFileSync(temp, content);
  } catch (error) {
    // The folder went away since this caller made it: make it again.
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    mkdirSync(folder, { recursive: true });
    writeFileSync(temp, content);
  }
  renameSync(temp, file);
  return true;
}
