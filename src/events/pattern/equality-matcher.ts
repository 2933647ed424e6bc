import type { LeafNode, ObjectNode, Scalar } from './ast.js';
import type { Matcher } from './match.js';

interface Requirement {
  path: string[];
  values: Scalar[];
}

/**
 * A faster matcher for the most common rule shape, a pattern of exact values only
 * (`{"source": ["whispersync"], "detail": {"agent_type": ["memory"], "user_id": ["u-1"]}}`): it walks
 * each path of the event once instead of calling a closure per field. Arrays in the event change what
 * a path means (any element may match, and fields side by side must sit in one element), so on meeting
 * one it hands over to the general matcher, which knows those rules.
 * @returns undefined when the pattern has anything but exact values (or none at all)
 */
export function equalityMatcher(node: ObjectNode, general: Matcher): Matcher | undefined {
  const requirements: Requirement[] = [];
  if (!collect(node, [], requirements) || requirements.length === 0) return undefined;
  const reads = requirements.map((r) => readerOf(r.path));
  const valueLists = requirements.map((r) => r.values);
  return (event) => {
    for (let r = 0; r < reads.length; r++) {
      const value = reads[r]!(event);
      if (value === THROUGH_ARRAY) return general(event);
      if (value === undefined) return false;
      const values = valueLists[r]!;
      if (values.length === 1 ? value !== values[0] : !values.includes(value as Scalar)) return false;
    }
    return true;
  };
}

/** What a path reader returns when the path runs into an array: the general matcher must decide. */
const THROUGH_ARRAY = Symbol('through an array');
type PathReader = (event: unknown) => unknown;
const readers = new Map<string, PathReader>();

/**
 * A function reading one path of an event (`detail.user_id`), generated once per distinct path and
 * shared by every rule that names it. Reading through a loop over variable keys made every property
 * read megamorphic (~150 ns per rule); a reader per path is hot, monomorphic and ~15 ns. Keys enter
 * the code only as JSON string literals. A JSON event holds no `undefined`, so `undefined` means missing;
 * only keys that Object.prototype also has need an own-property check.
 */
function readerOf(path: readonly string[]): PathReader {
  const id = JSON.stringify(path);
  const known = readers.get(id);
  if (known) return known;
  const steps = path.map((key) => {
    const literal = JSON.stringify(key);
    const read =
      key in Object.prototype ? `Object.hasOwn(v, ${literal}) ? v[${literal}] : undefined` : `v[${literal}]`;
    return `if (typeof v !== 'object' || v === null) return undefined;
      if (Array.isArray(v)) return THROUGH_ARRAY;
      v = ${read};`;
  });
  const source = `return function readPath(event) { let v = event; ${steps.join('\n')}
    return Array.isArray(v) ? THROUGH_ARRAY : v; };`;
  const reader = new Function('THROUGH_ARRAY', source)(THROUGH_ARRAY) as PathReader;
  readers.set(id, reader);
  return reader;
}

/** Adds the pattern's requirements; false when some field is not a plain list of exact values. */
function collect(node: ObjectNode, path: string[], out: Requirement[]): boolean {
  if (node.anyOf !== undefined) return false;
  for (const { key, node: child } of node.fields) {
    if (child.kind === 'object') {
      if (!collect(child, [...path, key], out)) return false;
    } else {
      const values = exactValues(child);
      if (values === undefined) return false;
      out.push({ path: [...path, key], values });
    }
  }
  return true;
}

function exactValues(leaf: LeafNode): Scalar[] | undefined {
  if (leaf.ifPresent || leaf.ifAbsent || leaf.tests.length === 0) return undefined;
  const values: Scalar[] = [];
  for (const test of leaf.tests) {
    if (test.op !== 'exact') return undefined;
    values.push(test.value);
  }
  return values;
}
