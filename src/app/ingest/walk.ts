import { type Dirent, lstatSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { InvalidMemoError } from '../../domain/errors.js';

export type WalkEntry =
  | { kind: 'file'; path: string; relPath: string }
  | { kind: 'rejected'; relPath: string; reason: string };

/**
 * Every memo candidate under `root`, in a stable (sorted) order. Hidden files and folders are skipped;
 * a symbolic link is followed only when it stays inside the root, so a memo folder cannot be used to
 * read files elsewhere on the machine.
 */
export function* walkMemoFiles(root: string): Generator<WalkEntry> {
  let realRoot: string;
  try {
    realRoot = realpathSync(root);
  } catch {
    throw new InvalidMemoError(root, 'memo folder does not exist');
  }
  if (!statSync(realRoot).isDirectory()) throw new InvalidMemoError(root, 'is not a folder of memos');
  yield* walk(root, realRoot, '');
}

function* walk(root: string, realRoot: string, relDir: string): Generator<WalkEntry> {
  // The directory listing says what each entry is (Node asks lstat itself where the file system
  // does not), so a folder of memos costs no lstat per file.
  const entries = readdirSync(join(root, relDir), { withFileTypes: true }).sort(byName);
  for (const entry of entries) {
    const { name } = entry;
    if (name.startsWith('.')) continue;
    const relPath = relDir ? `${relDir}/${name}` : name;
    const path = join(root, relPath);
    if (entry.isDirectory()) {
      yield* walk(root, realRoot, relPath);
    } else if (entry.isSymbolicLink()) {
      yield linkEntry(path, relPath, realRoot);
    } else if (entry.isFile()) {
      yield { kind: 'file', path, relPath };
    }
  }
}

/** The order `Array.prototype.sort` gives names (UTF-16 code units), as before entries had types. */
function byName(a: Dirent, b: Dirent): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

function linkEntry(path: string, relPath: string, realRoot: string): WalkEntry {
  let target: string;
  try {
    target = realpathSync(path);
  } catch {
    return { kind: 'rejected', relPath, reason: 'cannot be read: broken symbolic link' };
  }
  const inside = relative(realRoot, target);
  if (inside.startsWith('..') || inside.startsWith(sep) || inside === '') {
    return { kind: 'rejected', relPath, reason: `path escapes the memo folder (links to ${target})` };
  }
  // Linked folders are not followed: a link cycle would never end, and nothing needs them.
  if (!lstatSync(target).isFile())
    return { kind: 'rejected', relPath, reason: 'links to something that is not a file' };
  return { kind: 'file', path: target, relPath };
}
