import type { LeafNode, NumericRange, ObjectNode, Scalar, ValueTest } from './ast.js';
import { parseCidr } from './cidr.js';
import { InvalidPatternError } from './errors.js';
import { parseWildcard } from './wildcard.js';

/** The operator names a match value object may use. */
export const OPERATORS = [
  'prefix',
  'suffix',
  'equals-ignore-case',
  'wildcard',
  'anything-but',
  'numeric',
  'exists',
  'cidr',
] as const;
const OPERATOR_NAMES: ReadonlySet<string> = new Set(OPERATORS);

/** EventBridge compares numbers only inside this range (inclusive). */
export const NUMERIC_LIMIT = 5e9;

/**
 * Validates an event pattern by EventBridge's rules and returns its syntax tree.
 * @throws InvalidPatternError naming the path of the first problem found
 */
export function parsePattern(pattern: unknown): ObjectNode {
  if (!isPlainObject(pattern)) fail('', `the pattern must be a JSON object, got ${kindOf(pattern)}`);
  return parseObject(pattern, '', false);
}

function parseObject(object: Record<string, unknown>, path: string, insideOr: boolean): ObjectNode {
  const entries = Object.entries(object);
  if (entries.length === 0) fail(path, 'empty objects are not allowed');
  const node: ObjectNode = { kind: 'object', fields: [], anyOf: undefined };
  for (const [key, value] of entries) {
    const at = join(path, key);
    if (key === '$or') {
      node.anyOf = parseOr(value, at);
      continue;
    }
    if (insideOr && OPERATOR_NAMES.has(key)) {
      fail(at, `"${key}" is an operator name and cannot be used as a field name inside $or`);
    }
    if (Array.isArray(value)) node.fields.push({ key, node: parseLeaf(value, at) });
    else if (isPlainObject(value)) node.fields.push({ key, node: parseObject(value, at, insideOr) });
    else if (OPERATOR_NAMES.has(key)) {
      fail(path || at, `operators go inside an array of match values: write [{"${key}": …}]`);
    } else fail(at, `must be an object or an array of match values, got ${kindOf(value)}`);
  }
  return node;
}

function parseOr(value: unknown, path: string): ObjectNode[] {
  if (!Array.isArray(value)) fail(path, `$or must be an array of at least 2 patterns, got ${kindOf(value)}`);
  if (value.length < 2) fail(path, `$or must hold at least 2 patterns, got ${value.length}`);
  return value.map((branch, i) => {
    const at = `${path}[${i}]`;
    if (!isPlainObject(branch)) fail(at, `each $or branch must be a pattern object, got ${kindOf(branch)}`);
    return parseObject(branch, at, true);
  });
}

function parseLeaf(values: unknown[], path: string): LeafNode {
  if (values.length === 0) fail(path, 'empty arrays are not allowed: give at least one match value');
  const leaf: LeafNode = { kind: 'leaf', tests: [], ifPresent: false, ifAbsent: false };
  values.forEach((value, i) => {
    const at = `${path}[${i}]`;
    if (isScalar(value)) leaf.tests.push({ op: 'exact', value });
    else if (isPlainObject(value)) {
      const test = parseOperator(value, at);
      if (test === true) leaf.ifPresent = true;
      else if (test === false) leaf.ifAbsent = true;
      else leaf.tests.push(test);
    } else {
      fail(
        at,
        'match values must be strings, numbers, booleans, null or operator objects; arrays cannot nest',
      );
    }
  });
  return leaf;
}

/** A value test, or the boolean of an `exists` operator. */
function parseOperator(object: Record<string, unknown>, path: string): ValueTest | boolean {
  const keys = Object.keys(object);
  const expected = `expected one of: ${OPERATORS.join(', ')}`;
  if (keys.length !== 1) {
    fail(
      path,
      keys.length === 0
        ? `empty operator object; ${expected}`
        : `an operator object must have exactly one key, got ${keys.length} (${keys.join(', ')})`,
    );
  }
  const op = keys[0]!;
  const value = object[op];
  const at = `${path}.${op}`;
  switch (op) {
    case 'prefix':
    case 'suffix':
      return parseAffix(op, value, at);
    case 'equals-ignore-case':
      return { op, value: stringOf(value, at) };
    case 'wildcard':
      return { op, pattern: wildcardOf(value, at) };
    case 'exists':
      if (typeof value !== 'boolean') fail(at, `must be true or false, got ${kindOf(value)}`);
      return value;
    case 'cidr': {
      const range = parseCidr(stringOf(value, at));
      if ('problem' in range) fail(at, range.problem);
      return { op, range };
    }
    case 'numeric':
      return { op, range: parseNumeric(value, at) };
    case 'anything-but':
      return { op, excluded: parseAnythingBut(value, at) };
    default:
      return fail(path, `unknown operator "${op}"; ${expected}`);
  }
}

function parseAffix(op: 'prefix' | 'suffix', value: unknown, path: string): ValueTest {
  if (typeof value === 'string') return { op, value, ignoreCase: false };
  if (isPlainObject(value)) {
    const keys = Object.keys(value);
    if (keys.length === 1 && keys[0] === 'equals-ignore-case') {
      return {
        op,
        value: stringOf(value['equals-ignore-case'], `${path}.equals-ignore-case`),
        ignoreCase: true,
      };
    }
  }
  return fail(path, `must be a string or {"equals-ignore-case": "<string>"}, got ${kindOf(value)}`);
}

const COMPARISONS = new Set(['=', '<', '<=', '>', '>=']);

function parseNumeric(value: unknown, path: string): NumericRange {
  const shapes =
    'expected ["=", n], ["<", n], ["<=", n], [">", n], [">=", n] or a range like [">", 0, "<=", 5]';
  if (!Array.isArray(value) || (value.length !== 2 && value.length !== 4)) fail(path, shapes);
  const [op, n] = [comparisonAt(value, 0, path), numberAt(value, 1, path)];
  if (value.length === 2) {
    const range: NumericRange = {
      lower: -Infinity,
      lowerInclusive: false,
      upper: Infinity,
      upperInclusive: false,
    };
    if (op === '=') return { lower: n, lowerInclusive: true, upper: n, upperInclusive: true };
    if (op.startsWith('<')) return { ...range, upper: n, upperInclusive: op === '<=' };
    return { ...range, lower: n, lowerInclusive: op === '>=' };
  }
  const [op2, m] = [comparisonAt(value, 2, path), numberAt(value, 3, path)];
  if (!op.startsWith('>')) fail(`${path}[0]`, `a range must start with ">" or ">=", got "${op}"`);
  if (!op2.startsWith('<')) fail(`${path}[2]`, `a range must end with "<" or "<=", got "${op2}"`);
  if (n >= m) fail(path, `the lower bound ${n} must be less than the upper bound ${m}`);
  return { lower: n, lowerInclusive: op === '>=', upper: m, upperInclusive: op2 === '<=' };
}

function comparisonAt(values: unknown[], i: number, path: string): string {
  const op = values[i];
  if (typeof op !== 'string' || !COMPARISONS.has(op)) {
    fail(`${path}[${i}]`, `expected a comparison (=, <, <=, >, >=), got ${kindOf(op)}`);
  }
  return op;
}

function numberAt(values: unknown[], i: number, path: string): number {
  return limitedNumber(values[i], `${path}[${i}]`);
}

function limitedNumber(value: unknown, path: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value))
    fail(path, `expected a number, got ${kindOf(value)}`);
  if (Math.abs(value) > NUMERIC_LIMIT) fail(path, `${value} is outside the numeric range -5e9 to 5e9`);
  return value;
}

function parseAnythingBut(value: unknown, path: string): ValueTest[] {
  if (typeof value === 'string') return [{ op: 'exact', value }];
  if (typeof value === 'number') return [{ op: 'exact', value: limitedNumber(value, path) }];
  if (Array.isArray(value)) {
    if (value.length === 0) fail(path, 'empty arrays are not allowed: list at least one value');
    const strings = value.every((v) => typeof v === 'string');
    if (!strings && !value.every((v) => typeof v === 'number')) {
      fail(path, 'an anything-but list must hold only strings or only numbers');
    }
    return value.map((v: string | number, i) => ({
      op: 'exact',
      value: strings ? v : limitedNumber(v, `${path}[${i}]`),
    }));
  }
  if (isPlainObject(value)) {
    const keys = Object.keys(value);
    const inner = keys[0];
    const at = `${path}.${inner}`;
    if (keys.length === 1) {
      const v = value[inner!];
      switch (inner) {
        case 'prefix':
        case 'suffix': {
          const text = stringOf(v, at);
          if (text === '')
            fail(at, `an empty ${inner} would exclude every string; give at least one character`);
          return [{ op: inner, value: text, ignoreCase: false }];
        }
        case 'equals-ignore-case':
          return stringsOf(v, at).map((s) => ({ op: inner, value: s }));
        case 'wildcard':
          return stringsOf(v, at).map((s, i) => ({
            op: inner,
            pattern: wildcardOf(s, Array.isArray(v) ? `${at}[${i}]` : at),
          }));
      }
    }
    fail(
      path,
      `an anything-but object takes exactly one of prefix, suffix, equals-ignore-case or wildcard, got ${keys.join(', ') || 'none'}`,
    );
  }
  return fail(
    path,
    `must be a string, a number, a list of strings or of numbers, or an object; got ${kindOf(value)}`,
  );
}

function wildcardOf(value: unknown, path: string) {
  const pattern = parseWildcard(stringOf(value, path));
  if ('problem' in pattern) fail(path, pattern.problem);
  return pattern;
}

function stringOf(value: unknown, path: string): string {
  if (typeof value !== 'string') fail(path, `must be a string, got ${kindOf(value)}`);
  return value;
}

function stringsOf(value: unknown, path: string): string[] {
  if (!Array.isArray(value)) return [stringOf(value, path)];
  if (value.length === 0) fail(path, 'empty arrays are not allowed: list at least one string');
  return value.map((v, i) => stringOf(v, `${path}[${i}]`));
}

function fail(path: string, problem: string): never {
  throw new InvalidPatternError(path, problem);
}

function join(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}

export function isScalar(value: unknown): value is Scalar {
  return value === null || typeof value === 'string' || typeof value === 'boolean' || Number.isFinite(value);
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return value.length === 0 ? 'an empty array' : 'an array';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return typeof value === 'object' ? 'an object' : typeof value;
}
