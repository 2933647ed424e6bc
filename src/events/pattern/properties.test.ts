import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { inCidr, parseCidr } from './cidr.js';
import { compileRules, matchesPattern, type Scalar } from './index.js';
import { matchWildcard, parseWildcard } from './wildcard.js';

// A small vocabulary, so that random patterns and random events often meet.
const KEYS = ['a', 'b', 'c'] as const;
const STRINGS = ['red', 'Red', 'green', 'greenish', '', 'a*b', '10.0.0.1', '2001:db8::1'];
const NUMBERS = [0, 1, 2.5, -3, 180];

const scalar: fc.Arbitrary<Scalar> = fc.oneof(
  fc.constantFrom(...STRINGS),
  fc.constantFrom(...NUMBERS, 1e10),
  fc.boolean(),
  fc.constant(null),
);

type Json = Scalar | Json[] | { [key: string]: Json };

function eventValue(depth: number): fc.Arbitrary<Json> {
  const leaves = [scalar, fc.array(scalar, { maxLength: 3 })];
  if (depth === 0) return fc.oneof(...leaves);
  return fc.oneof(...leaves, eventObject(depth - 1), fc.array(eventObject(depth - 1), { maxLength: 2 }));
}

function eventObject(depth: number): fc.Arbitrary<{ [key: string]: Json }> {
  return fc.dictionary(fc.constantFrom(...KEYS), eventValue(depth), {
    minKeys: 1,
    maxKeys: 3,
    noNullPrototype: true,
  });
}

const event = eventObject(2);

const someString = fc.constantFrom(...STRINGS);
const patternNumber = fc.constantFrom(...NUMBERS);
const nonEmptyString = fc.constantFrom(...STRINGS.filter((s) => s !== ''));

const matchValue: fc.Arbitrary<unknown> = fc.oneof(
  { arbitrary: scalar.filter((v) => v !== 1e10), weight: 4 },
  someString.map((s) => ({ prefix: s.slice(0, 2) })),
  someString.map((s) => ({ suffix: s.slice(-2) })),
  someString.map((s) => ({ prefix: { 'equals-ignore-case': s.slice(0, 3).toUpperCase() } })),
  someString.map((s) => ({ 'equals-ignore-case': s.toUpperCase() })),
  fc.constantFrom('r*', '*e*', '*', 'green*ish', 'a\\*b', '*.1').map((w) => ({ wildcard: w })),
  fc
    .oneof(
      someString,
      patternNumber,
      fc.array(someString, { minLength: 1, maxLength: 2 }),
      fc.array(patternNumber, { minLength: 1, maxLength: 2 }),
      nonEmptyString.map((s) => ({ prefix: s.slice(0, 2) })),
      nonEmptyString.map((s) => ({ suffix: s.slice(-1) })),
      someString.map((s) => ({ 'equals-ignore-case': [s.toUpperCase()] })),
      fc.constantFrom('r*', '*e*').map((w) => ({ wildcard: w })),
    )
    .map((v) => ({ 'anything-but': v })),
  fc
    .oneof(
      fc.tuple(fc.constantFrom('=', '<', '<=', '>', '>='), patternNumber),
      fc
        .tuple(patternNumber, patternNumber, fc.constantFrom('>', '>='), fc.constantFrom('<', '<='))
        .filter(([lo, hi]) => lo < hi)
        .map(([lo, hi, gt, lt]) => [gt, lo, lt, hi]),
    )
    .map((numeric) => ({ numeric })),
  fc.boolean().map((exists) => ({ exists })),
  fc.constantFrom('10.0.0.0/8', '2001:db8::/32', '0.0.0.0/0').map((cidr) => ({ cidr })),
);

const leaf = fc.array(matchValue, { minLength: 1, maxLength: 3 });

function patternObject(depth: number): fc.Arbitrary<Record<string, unknown>> {
  const value = depth === 0 ? leaf : fc.oneof({ arbitrary: leaf, weight: 3 }, patternObject(depth - 1));
  const fields = fc.dictionary(fc.constantFrom(...KEYS), value, {
    minKeys: 1,
    maxKeys: 2,
    noNullPrototype: true,
  });
  if (depth === 0) return fields;
  return fc
    .tuple(fields, fc.option(fc.array(patternObject(depth - 1), { minLength: 2, maxLength: 3 }), { freq: 4 }))
    .map(([f, or]) => (or === null ? f : { ...f, $or: or }));
}

const pattern = patternObject(2);

describe('event pattern properties', () => {
  it('a compiled rule set agrees with matching each pattern alone', () => {
    fc.assert(
      fc.property(
        fc.array(pattern, { minLength: 1, maxLength: 12 }),
        fc.array(event, { maxLength: 8 }),
        (patterns, events) => {
          const rules = patterns.map((p, i) => ({ name: i % 4 === 3 ? 'shared' : `r${i}`, pattern: p }));
          const matcher = compileRules(rules);
          for (const e of events) {
            const expected = [
              ...new Set(rules.filter((r) => matchesPattern(r.pattern, e)).map((r) => r.name)),
            ];
            expect(matcher.matchingRules(e)).toEqual(expected);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('a compiled rule set of equality rules agrees too', () => {
    const equalityPattern = fc
      .tuple(fc.constantFrom(...KEYS), fc.array(scalar, { minLength: 1, maxLength: 3 }), fc.option(pattern))
      .map(([key, values, rest]) => ({ ...(rest ?? {}), [key]: values }));
    fc.assert(
      fc.property(
        fc.array(equalityPattern, { minLength: 1, maxLength: 20 }),
        fc.array(event, { maxLength: 8 }),
        (patterns, events) => {
          const rules = patterns.map((p, i) => ({ name: `r${i}`, pattern: p }));
          const matcher = compileRules(rules);
          for (const e of events) {
            expect(matcher.matchingRules(e)).toEqual(
              rules.filter((r) => matchesPattern(r.pattern, e)).map((r) => r.name),
            );
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('a pattern built from an event’s own fields matches it', () => {
    fc.assert(
      fc.property(event, fc.infiniteStream(fc.nat(1000)), (e, stream) => {
        const choices = stream[Symbol.iterator]();
        const pick = (n: number) => (choices.next().value as number) % n;
        const built = patternFrom(e, pick);
        fc.pre(built !== undefined);
        expect(matchesPattern(built, e)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('adding a field the pattern does not name never changes the result', () => {
    fc.assert(
      fc.property(pattern, event, eventValue(1), (p, e, extra) => {
        expect(matchesPattern(p, withField(e, 'zz', extra))).toBe(matchesPattern(p, e));
      }),
      { numRuns: 500 },
    );
  });

  it('anything-but [x] is the negation of [x] on a present string field', () => {
    const text = fc.oneof(someString, fc.string({ maxLength: 4 }));
    fc.assert(
      fc.property(text, text, (x, value) => {
        const e = { f: value };
        expect(matchesPattern({ f: [{ 'anything-but': [x] }] }, e)).toBe(!matchesPattern({ f: [x] }, e));
      }),
    );
  });

  it('several values in one array are OR, and so is $or', () => {
    fc.assert(
      fc.property(matchValue, matchValue, event, (x, y, e) => {
        const either = matchesPattern({ a: [x] }, e) || matchesPattern({ a: [y] }, e);
        expect(matchesPattern({ a: [x, y] }, e)).toBe(either);
        expect(matchesPattern({ $or: [{ a: [x] }, { a: [y] }] }, e)).toBe(either);
      }),
      { numRuns: 500 },
    );
  });

  it('wildcards match as the equivalent regular expression does', () => {
    const piece = fc.string({ unit: fc.constantFrom('a', 'b', '.', '*', '\\'), maxLength: 3 });
    fc.assert(
      fc.property(
        fc.array(piece, { minLength: 1, maxLength: 4 }),
        fc.string({ unit: fc.constantFrom('a', 'b', '.', '*', '\\') }),
        (pieces, value) => {
          fc.pre(pieces.slice(1, -1).every((p) => p !== ''));
          const escaped = pieces.map((p) => p.replace(/[\\*]/g, (c) => `\\${c}`)).join('*');
          const parsed = parseWildcard(escaped);
          if ('problem' in parsed) throw new Error(parsed.problem);
          const regex = new RegExp(
            `^${pieces.map((p) => p.replace(/[.*\\]/g, (c) => `\\${c}`)).join('.*')}$`,
            's',
          );
          expect(matchWildcard(parsed, value)).toBe(regex.test(value));
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('an address is in each of its own blocks, and leaves a block when a bit inside the prefix flips', () => {
    const ipv4 = fc.tuple(fc.nat(0xffffffff), fc.integer({ min: 1, max: 32 }));
    fc.assert(
      fc.property(ipv4, fc.nat(), ([address, bits], k) => {
        const block = parseCidr(`${dotted(address)}/${bits}`);
        if ('problem' in block) throw new Error(block.problem);
        expect(inCidr(block, dotted(address))).toBe(true);
        const flipped = (address ^ (1 << (31 - (k % bits)))) >>> 0;
        expect(inCidr(block, dotted(flipped))).toBe(false);
      }),
    );
    const ipv6 = fc.tuple(
      fc.array(fc.nat(0xffff), { minLength: 8, maxLength: 8 }),
      fc.integer({ min: 1, max: 128 }),
    );
    fc.assert(
      fc.property(ipv6, fc.nat(), ([groups, bits], k) => {
        const block = parseCidr(`${compressed(groups)}/${bits}`);
        if ('problem' in block) throw new Error(block.problem);
        expect(inCidr(block, groups.map((g) => g.toString(16).padStart(4, '0')).join(':'))).toBe(true);
        const bit = k % bits;
        const other = groups.map((g, i) => (i === Math.floor(bit / 16) ? g ^ (0x8000 >> (bit % 16)) : g));
        expect(inCidr(block, compressed(other))).toBe(false);
      }),
    );
  });
});

/** A pattern that names some of the event's own fields with tests their values pass. */
function patternFrom(
  object: { [key: string]: Json },
  pick: (n: number) => number,
): Record<string, unknown> | undefined {
  const pattern: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(object)) {
    if (pick(3) === 0) continue;
    const sub = fieldPattern(value, pick);
    if (sub !== undefined) pattern[key] = sub;
  }
  return Object.keys(pattern).length > 0 ? pattern : undefined;
}

function fieldPattern(value: Json, pick: (n: number) => number): unknown {
  if (!Array.isArray(value)) return isScalar(value) ? [testPassedBy(value, pick)] : patternFrom(value, pick);
  const elements = (value as unknown[]).flat(Number.POSITIVE_INFINITY) as Json[];
  const scalars = elements.filter(isScalar);
  if (scalars.length > 0 && pick(2) === 0) return [testPassedBy(scalars[pick(scalars.length)]!, pick)];
  const objects = elements.filter((v): v is { [key: string]: Json } => !isScalar(v) && !Array.isArray(v));
  if (objects.length > 0) return patternFrom(objects[pick(objects.length)]!, pick);
  return scalars.length > 0 ? [testPassedBy(scalars[pick(scalars.length)]!, pick)] : undefined;
}

function testPassedBy(value: Scalar, pick: (n: number) => number): unknown {
  const tests: unknown[] = [value, { exists: true }, { 'anything-but': 'not-in-vocabulary' }];
  if (typeof value === 'string') {
    const cut = pick(value.length + 1);
    const escaped = (s: string) => s.replace(/[\\*]/g, (c) => `\\${c}`);
    tests.push(
      { prefix: value.slice(0, cut) },
      { suffix: value.slice(cut) },
      { 'equals-ignore-case': value.toUpperCase() },
      { prefix: { 'equals-ignore-case': value.slice(0, cut).toLowerCase() } },
      { wildcard: `${escaped(value.slice(0, cut))}*${escaped(value.slice(cut + pick(2)))}` },
    );
  }
  if (typeof value === 'number' && Math.abs(value) <= 5e9) {
    tests.push({ numeric: ['=', value] }, { numeric: ['>=', value] }, { 'anything-but': value + 1 });
  }
  return tests[pick(tests.length)];
}

/** The event with `key: value` added to every object in it. */
function withField(value: Json, key: string, extra: Json): Json {
  if (Array.isArray(value)) return value.map((v) => withField(v, key, extra));
  if (isScalar(value)) return value;
  const copy: { [key: string]: Json } = { [key]: extra };
  for (const [k, v] of Object.entries(value)) copy[k] = withField(v, key, extra);
  return copy;
}

function isScalar(value: unknown): value is Scalar {
  return value === null || typeof value !== 'object';
}

function dotted(address: number): string {
  return [24, 16, 8, 0].map((shift) => (address >>> shift) & 0xff).join('.');
}

/** RFC 5952 text: the longest run of two or more zero groups becomes `::`. */
function compressed(groups: number[]): string {
  let [start, length] = [-1, 1];
  for (let i = 0; i < 8; i++) {
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > length) [start, length] = [i, j - i];
  }
  const hex = groups.map((g) => g.toString(16));
  if (start < 0) return hex.join(':');
  return `${hex.slice(0, start).join(':')}::${hex.slice(start + length).join(':')}`;
}
