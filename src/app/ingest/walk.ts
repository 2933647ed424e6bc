import { lstatSync, readdirSync, realpathSync, statSync } from 'node:fs';
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
  const names = readdirSync(join(root, relDir)).sort();
  for (const name of names) {
    if (name.startsWith('.')) continue;
    const relPath = relDir ? `${relDir}/${name}` : name;
    const path = join(root, relPath);
    const stat = lstatSync(path);
    if (stat.isDirectory()) {
      yield* walk(root, realRoot, relPath);
    } else if (stat.isSymbolicLink()) {
      yield linkEntry(path, relPath, realRoot);
    } else if (stat.isFile()) {
      yield { kind: 'file', path, relPath };
    }
  }
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
