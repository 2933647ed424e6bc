import type { LeafNode, ObjectNode, Scalar, ValueTest } from './ast.js';
import { inCidr } from './cidr.js';
import { isScalar, NUMERIC_LIMIT } from './parse.js';
import { matchWildcard } from './wildcard.js';

/** Whether a (part of an) event satisfies a compiled pattern (part). */
export type Matcher = (value: unknown) => boolean;
type ScalarTest = (value: Scalar) => boolean;
type Fields = Record<string, unknown>;
/** One condition of an object pattern, applied to the event object (undefined where there is none). */
type Conjunct = (fields: Fields | undefined) => boolean;

// Read once: under tsx's CommonJS interop every use of an imported binding goes through a getter.
const isLeafValue = isScalar;
const LIMIT = NUMERIC_LIMIT;

/**
 * Case folding for the `equals-ignore-case` family: lower then upper case, so that ß/SS, σ/ς/Σ and K/k
 * (Kelvin sign) compare equal and the result does not depend on the characters around a letter.
 */
export const foldCase = (text: string): string => text.toLowerCase().toUpperCase();

/**
 * Compiles a validated pattern into a function of the event.
 *
 * Arrays in the event are flattened, and an object pattern is matched against one element at a time, so
 * fields named side by side in a pattern must be found in the same array element (EventBridge's "array
 * consistency"). A field that may only be absent (`[{"exists": false}]`, or an object of such fields) is
 * the exception: it must be absent from every element, as its name says.
 */
export function compileNode(node: ObjectNode): Matcher {
  const absences: Conjunct[] = [];
  const others: Conjunct[] = [];
  for (const { key, node: child } of node.fields) {
    (onlyAbsence(child) ? absences : others).push(fieldConjunct(key, child));
  }
  if (node.anyOf) {
    const branches = node.anyOf.map(compileNode);
    others.push((fields) => branches.some((branch) => branch(fields)));
  }
  const single = allOf([...absences, ...others]);
  const inElement = allOf(others);
  return (value) => {
    if (!Array.isArray(value)) return single(isFields(value) ? value : undefined);
    const elements = flatten(value, []).map((element) => (isFields(element) ? element : undefined));
    if (elements.length === 0) return single(undefined);
    for (const absence of absences) if (!elements.every(absence)) return false;
    return others.length === 0 || elements.some(inElement);
  };
}

function onlyAbsence(node: LeafNode | ObjectNode): boolean {
  if (node.kind === 'leaf') return node.ifAbsent && !node.ifPresent && node.tests.length === 0;
  return node.anyOf === undefined && node.fields.every((field) => onlyAbsence(field.node));
}

/** The condition on the event's own field `key` (never something inherited, like `constructor`). */
function fieldConjunct(key: string, node: LeafNode | ObjectNode): Conjunct {
  const matcher = node.kind === 'leaf' ? compileLeaf(node) : compileNode(node);
  if (key in Object.prototype) {
    return (fields) => matcher(fields !== undefined && Object.hasOwn(fields, key) ? fields[key] : undefined);
  }
  const only = node.kind === 'leaf' ? onlyExactValue(node) : undefined;
  if (only === undefined) return (fields) => matcher(fields === undefined ? undefined : fields[key]);
  // The common case, `"user_id": ["u-1"]`, without the calls.
  const { value: expected } = only;
  return (fields) => {
    if (fields === undefined) return false;
    const value = fields[key];
    return value === expected || (Array.isArray(value) && matcher(value));
  };
}

function onlyExactValue(leaf: LeafNode): { value: Scalar } | undefined {
  const [test, ...more] = leaf.tests;
  if (leaf.ifAbsent || leaf.ifPresent || more.length > 0 || test?.op !== 'exact') return undefined;
  return { value: test.value };
}

function compileLeaf(leaf: LeafNode): Matcher {
  const { ifPresent, ifAbsent } = leaf;
  const test = testOf(leaf.tests);
  return (value) => {
    if (isLeafValue(value)) return ifPresent || test(value);
    if (!Array.isArray(value)) return ifAbsent; // missing, or an object: nothing at this leaf
    const found = searchArray(value, test);
    return found === FOUND || (found === PRESENT ? ifPresent : ifAbsent);
  };
}

const [NONE, PRESENT, FOUND] = [0, 1, 2] as const;

/** Whether a (nested) array holds a leaf value passing `test`, only other leaf values, or none at all. */
function searchArray(values: unknown[], test: ScalarTest): typeof NONE | typeof PRESENT | typeof FOUND {
  let result: typeof NONE | typeof PRESENT = NONE;
  for (const value of values) {
    if (isLeafValue(value)) {
      if (test(value)) return FOUND;
      result = PRESENT;
    } else if (Array.isArray(value)) {
      const inner = searchArray(value, test);
      if (inner === FOUND) return FOUND;
      if (inner === PRESENT) result = PRESENT;
    }
  }
  return result;
}

function allOf(conjuncts: Conjunct[]): Conjunct {
  const [a, b, c] = conjuncts;
  switch (conjuncts.length) {
    case 0:
      return () => true;
    case 1:
      return a!;
    case 2:
      return (fields) => a!(fields) && b!(fields);
    case 3:
      return (fields) => a!(fields) && b!(fields) && c!(fields);
    default:
      return (fields) => {
        for (const conjunct of conjuncts) if (!conjunct(fields)) return false;
        return true;
      };
  }
}

/** Any of the match values; many exact values become one set lookup. */
function testOf(tests: ValueTest[]): ScalarTest {
  const exact = tests.flatMap((test) => (test.op === 'exact' ? [test.value] : []));
  if (exact.length < 4) return anyOf(tests.map(scalarTest));
  const values = new Set(exact);
  const rest = anyOf(tests.filter((test) => test.op !== 'exact').map(scalarTest));
  return (value) => values.has(value) || rest(value);
}

function anyOf(tests: ScalarTest[]): ScalarTest {
  if (tests.length === 0) return () => false;
  if (tests.length === 1) return tests[0]!;
  return (value) => {
    for (const test of tests) if (test(value)) return true;
    return false;
  };
}

/** The test for one match value. */
function scalarTest(test: ValueTest): ScalarTest {
  switch (test.op) {
    case 'exact': {
      const expected = test.value;
      return (value) => value === expected;
    }
    case 'prefix': {
      const { value: prefix, ignoreCase } = test;
      if (!ignoreCase) return (value) => typeof value === 'string' && value.startsWith(prefix);
      const folded = foldCase(prefix);
      return (value) => typeof value === 'string' && foldCase(value).startsWith(folded);
    }
    case 'suffix': {
      const { value: suffix, ignoreCase } = test;
      if (!ignoreCase) return (value) => typeof value === 'string' && value.endsWith(suffix);
      const folded = foldCase(suffix);
      return (value) => typeof value === 'string' && foldCase(value).endsWith(folded);
    }
    case 'equals-ignore-case': {
      const expected = foldCase(test.value);
      return (value) => typeof value === 'string' && foldCase(value) === expected;
    }
    case 'wildcard': {
      const { pattern } = test;
      return (value) => typeof value === 'string' && matchWildcard(pattern, value);
    }
    case 'numeric': {
      const { lower, lowerInclusive, upper, upperInclusive } = test.range;
      return (value) =>
        typeof value === 'number' &&
        value >= -LIMIT &&
        value <= LIMIT &&
        (lowerInclusive ? value >= lower : value > lower) &&
        (upperInclusive ? value <= upper : value < upper);
    }
    case 'cidr': {
      const { range } = test;
      return (value) => typeof value === 'string' && inCidr(range, value);
    }
    case 'anything-but': {
      const excluded = testOf(test.excluded);
      return (value) => !excluded(value);
    }
  }
}

/** Appends the elements of a (nested) array to `out`, flattening inner arrays. */
export function flatten(values: unknown[], out: unknown[]): unknown[] {
  for (const value of values) {
    if (Array.isArray(value)) flatten(value, out);
    else out.push(value);
  }
  return out;
}

function isFields(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
