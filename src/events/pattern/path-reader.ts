import type { Scalar } from './ast.js';
import { isScalar } from './parse.js';

/** What a path reader returns when the path runs through an array before its last key. */
export const ARRAY_ON_PATH = Symbol('an array on the path');

/**
 * Reads one path of an event (`detail.user_id`): the value there (which may be an array of values),
 * `undefined` when there is none, or {@link ARRAY_ON_PATH}, after which {@link leavesAt} must be asked.
 */
export type PathReader = (event: unknown) => unknown;

/** Whether an event holds exactly the given values at the given paths, with no array on the way. */
export type Guard = (event: unknown) => boolean;

const readers = new Map<string, PathReader>();
const guards = new Map<string, Guard>();

/*
 * Readers and guards are generated functions, one per distinct path (or list of paths and values),
 * shared by every rule that names them. Reading through a loop over variable keys made every property
 * read megamorphic (~150 ns per rule); a generated reader is hot, monomorphic and ~15 ns. Keys enter the
 * code only as JSON string literals, values only as arguments. A JSON event holds no `undefined`, so
 * `undefined` means missing; only keys that Object.prototype also has need an own-property check.
 */

/** A reader for one path. */
export function readerOf(path: readonly string[]): PathReader {
  const id = JSON.stringify(path);
  let reader = readers.get(id);
  if (reader === undefined) {
    const source = `let v = event; ${descend(path, 'return undefined;', 'return ARRAY_ON_PATH;')} return v;`;
    reader = new Function('ARRAY_ON_PATH', `return function readPath(event) { ${source} };`)(
      ARRAY_ON_PATH,
    ) as PathReader;
    readers.set(id, reader);
  }
  return reader;
}

/**
 * A guard for `values[i]` at `paths[i]`, reading them all in one call instead of one call per path. It
 * answers false where an array is met: the caller must then read the paths one by one.
 */
export function guardOf(paths: readonly (readonly string[])[], values: readonly Scalar[]): Guard {
  const id = JSON.stringify([paths, values]);
  let guard = guards.get(id);
  if (guard === undefined) {
    const checks = paths.map(
      (path, i) => `v = event; ${descend(path, 'return false;', 'return false;')}
        if (v !== values[${i}]) return false;`,
    );
    const source = `let v; ${checks.join('\n')} return true;`;
    guard = new Function('values', `return function guard(event) { ${source} };`)([...values]) as Guard;
    guards.set(id, guard);
  }
  return guard;
}

/** Code that walks `v` down `path`, running `onMissing` or `onArray` where it cannot go on. */
function descend(path: readonly string[], onMissing: string, onArray: string): string {
  return path
    .map((key) => {
      const literal = JSON.stringify(key);
      const read =
        key in Object.prototype
          ? `Object.hasOwn(v, ${literal}) ? v[${literal}] : undefined`
          : `v[${literal}]`;
      return `if (typeof v !== 'object' || v === null) ${onMissing}
        if (Array.isArray(v)) ${onArray}
        v = ${read};`;
    })
    .join('\n');
}

// Read once: under tsx's CommonJS interop every use of an imported binding goes through a getter.
const isLeafValue = isScalar;

/**
 * Writes the leaf values at `path` into `out` from index `at`, looking through arrays at every level,
 * as the matcher does. @returns the index after the last value written
 */
export function leavesAt(
  value: unknown,
  path: readonly string[],
  depth: number,
  out: Scalar[],
  at: number,
): number {
  if (Array.isArray(value)) {
    let next = at;
    for (const element of value) next = leavesAt(element, path, depth, out, next);
    return next;
  }
  if (depth === path.length) {
    if (!isLeafValue(value)) return at;
    out[at] = value;
    return at + 1;
  }
  if (typeof value !== 'object' || value === null) return at;
  const key = path[depth]!;
  if (!Object.hasOwn(value, key)) return at;
  return leavesAt((value as Record<string, unknown>)[key], path, depth + 1, out, at);
}
