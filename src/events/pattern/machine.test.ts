import { describe, expect, it } from 'vitest';
import { compileRules, matchesPattern, type Rule } from './index.js';

/** The rule set's answer for each event, next to the answer of matching each pattern alone. */
function answers(rules: Rule[], events: unknown[]) {
  const matcher = compileRules(rules);
  return events.map((event) => ({
    event,
    got: matcher.matchingRules(event),
    expected: [...new Set(rules.filter((r) => matchesPattern(r.pattern, event)).map((r) => r.name))],
  }));
}

function expectAgreement(rules: Rule[], events: unknown[]): void {
  for (const { event, got, expected } of answers(rules, events))
    expect({ event, got }).toEqual({ event, got: expected });
}

const users = Array.from({ length: 40 }, (_, i) => `user-${i}`);

describe('the rule state machine', () => {
  it('finds rules among many values of one field (a hashed step)', () => {
    const rules = users.map((user, i) => ({
      name: `r${i}`,
      pattern: { source: ['app'], detail: { user_id: [user], kind: [i % 2 === 0 ? 'a' : 'b'] } },
    }));
    const events = users.flatMap((user) => [
      { source: 'app', detail: { user_id: user, kind: 'a' } },
      { source: 'app', detail: { user_id: [user, 'user-3'], kind: ['b', 'c'] } },
      { source: 'other', detail: { user_id: user, kind: 'a' } },
    ]);
    expectAgreement(rules, events);
    expect(compileRules(rules).stats).toEqual({ rules: 40, indexed: 40, scanned: 0 });
  });

  it('checks the values every rule names in one go, and one by one where the event has arrays', () => {
    const rules: Rule[] = Array.from({ length: 10 }, (_, i) => ({
      name: `r${i}`,
      pattern: { source: ['app'], 'detail-type': ['Done'], detail: { n: [i] } },
    }));
    const events = [
      { source: 'app', 'detail-type': 'Done', detail: { n: 3 } },
      { source: ['x', 'app'], 'detail-type': [['Done']], detail: { n: [4, 5] } },
      { source: 'app', 'detail-type': 'Other', detail: { n: 3 } },
      { source: 'app', detail: { n: 3 } },
      { source: 'app', 'detail-type': 'Done', detail: [{ n: 6 }, { n: 7 }] },
      [{ source: 'app', 'detail-type': 'Done' }, { detail: { n: 8 } }],
    ];
    expect(answers(rules, events).map((a) => a.got)).toEqual([
      ['r3'],
      ['r4', 'r5'],
      [],
      [],
      ['r6', 'r7'],
      [],
    ]);
    expectAgreement(rules, events);
  });

  it('leaves the fields past the route limit to the rule’s matcher', () => {
    const ten = (prefix: string) => Array.from({ length: 10 }, (_, i) => `${prefix}${i}`);
    const rules: Rule[] = [
      { name: 'wide', pattern: { a: ten('a'), b: ten('b'), c: ten('c'), d: ['d'] } },
      { name: 'rare', pattern: { id: users, a: ['a1', 'a2'] } },
    ];
    const events = [
      { a: 'a3', b: 'b9', c: 'c0', d: 'd' },
      { a: 'a3', b: 'b9', c: 'x', d: 'd' },
      { a: 'a3', b: 'x', c: 'c0', d: 'd' },
      { a: 'a3', b: 'b9', c: 'c0' },
      { id: 'user-7', a: 'a2' },
      { id: 'user-7', a: 'a3' },
    ];
    expect(answers(rules, events).map((a) => a.got)).toEqual([['wide'], [], [], [], ['rare'], []]);
    expectAgreement(rules, events);
  });

  it('keeps fields named side by side in one element of an array of objects', () => {
    const rules: Rule[] = [
      { name: 'both', pattern: { detail: { a: ['x'], b: ['y'] } } },
      { name: 'either', pattern: { detail: { a: ['x'] } } },
    ];
    const events = [
      { detail: [{ a: 'x' }, { b: 'y' }] },
      { detail: [{ a: 'x', b: 'y' }, { a: 'z' }] },
      { detail: [[{ a: 'x', b: 'y' }]] },
      { detail: { a: ['x', 'q'], b: [['y']] } },
      [{ detail: { a: 'x' } }, { detail: { b: 'y' } }],
    ];
    expect(answers(rules, events).map((a) => a.got)).toEqual([
      ['either'],
      ['both', 'either'],
      ['both', 'either'],
      ['both', 'either'],
      ['either'],
    ]);
    expectAgreement(rules, events);
  });

  it('compares values by JSON type and reads only own fields', () => {
    const rules: Rule[] = [
      { name: 'three', pattern: { n: [3] } },
      { name: 'string', pattern: { n: ['3'] } },
      { name: 'null', pattern: { n: [null] } },
      { name: 'empty', pattern: { n: [''] } },
      { name: 'true', pattern: { n: [true] } },
      { name: 'zero', pattern: { n: [0] } },
      { name: 'own', pattern: { constructor: ['x'], toString: ['y'] } },
    ];
    const events = [
      { n: 3.0 },
      { n: '3' },
      { n: null },
      { n: '' },
      { n: [true, -0] },
      { n: { n: 3 } },
      {},
      { constructor: 'x', toString: 'y' },
      JSON.parse('{"__proto__": {"constructor": "x", "toString": "y"}}'),
    ];
    expect(answers(rules, events).map((a) => a.got)).toEqual([
      ['three'],
      ['string'],
      ['null'],
      ['empty'],
      ['true', 'zero'],
      [],
      [],
      ['own'],
      [],
    ]);
    expectAgreement(rules, events);
  });

  it('returns names in the order the rules were given, each once, however the event reached them', () => {
    const rules: Rule[] = [
      { name: 'late', pattern: { a: ['1', '2'], b: [{ prefix: 'x' }] } },
      { name: 'first', pattern: { a: ['2'] } },
      { name: 'late', pattern: { b: ['xy'] } },
      { name: 'any', pattern: { c: [{ exists: false }] } },
    ];
    const events = [{ a: ['1', '2'], b: 'xy' }, { a: '2', c: 1 }, { b: ['xz', 'xy'] }];
    expect(answers(rules, events).map((a) => a.got)).toEqual([
      ['late', 'first', 'any'],
      ['first'],
      ['late', 'any'],
    ]);
    expectAgreement(rules, events);
  });
});
