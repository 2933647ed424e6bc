import { InvalidPatternError } from './errors.js';
import { buildMachine } from './machine.js';
import { compileNode } from './match.js';
import { parsePattern } from './parse.js';
import { requirementsOf } from './requirements.js';
import { type Visit, walker } from './walk.js';

/** A named event pattern. Several rules may share a name: the name matches if any of them does. */
export interface Rule {
  name: string;
  pattern: unknown;
}

/** A compiled rule set. */
export interface RuleMatcher {
  /** The names of the rules `event` matches, in the order the rules were given, each name once. */
  matchingRules(event: unknown): string[];
  /** How many rules are looked up by exact values they require, and how many are tried on every event. */
  readonly stats: { rules: number; indexed: number; scanned: number };
}

/**
 * Validates and compiles a rule set. The exact values the rules require (`"user_id": ["u-1"]`) form a
 * state machine (machine.ts) that an event walks by the values it carries (walk.ts), so matching cost
 * grows with the rules an event could match, not with the number of rules. A rule the machine cannot
 * decide alone (other operators, `$or`, or an event with arrays of objects) is matched in full by its
 * compiled pattern once the event reaches it.
 * @throws InvalidPatternError naming the rule and the path of its problem
 */
export function compileRules(rules: readonly Rule[]): RuleMatcher {
  const parsed = rules.map(({ name, pattern }) => {
    try {
      return parsePattern(pattern);
    } catch (error) {
      throw error instanceof InvalidPatternError ? error.inRule(name) : error;
    }
  });
  const requirements = parsed.map(requirementsOf);
  const walk = walker(buildMachine(requirements));
  const matchers = parsed.map(compileNode);
  const names = namesInOrder(rules.map((rule) => rule.name));

  // Per-event scratch, reused: a rule's stamp says it was already reached by the current event.
  const reached = new Uint32Array(rules.length);
  const found: number[] = [];
  let foundCount = 0;
  let stamp = 0;
  let current: unknown;
  const visit: Visit = (rule, certain) => {
    if (reached[rule] === stamp) return;
    reached[rule] = stamp;
    if (certain || matchers[rule]!(current)) found[foundCount++] = rule;
  };

  const scanned = requirements.filter((r) => r.fields.length === 0).length;
  return {
    stats: { rules: rules.length, indexed: rules.length - scanned, scanned },
    matchingRules(event) {
      if (++stamp === 0xffffffff) {
        reached.fill(0);
        stamp = 1;
      }
      current = event;
      foundCount = 0;
      walk(event, visit);
      current = undefined;
      return names(found, foundCount);
    },
  };
}

/** The names of the first `count` rules of `found`, in the order the rules were given, each name once. */
function namesInOrder(nameOf: readonly string[]): (found: number[], count: number) => string[] {
  const nameIds = new Map<string, number>();
  const nameIdOf = Int32Array.from(nameOf, (name) => {
    if (!nameIds.has(name)) nameIds.set(name, nameIds.size);
    return nameIds.get(name)!;
  });
  const given = new Uint32Array(nameIds.size);
  let stamp = 0;
  return (found, count) => {
    const names: string[] = [];
    if (count === 0) return names;
    if (++stamp === 0xffffffff) {
      given.fill(0);
      stamp = 1;
    }
    const inOrder = sortedPrefix(found, count);
    for (let i = 0; i < count; i++) {
      const rule = inOrder[i]!;
      const nameId = nameIdOf[rule]!;
      if (given[nameId] === stamp) continue;
      given[nameId] = stamp;
      names.push(nameOf[rule]!);
    }
    return names;
  };
}

/**
 * The first `count` values in ascending order: sorted in place while there are few (no allocation, and
 * an event usually matches one or two rules), sorted in a copy when insertion sort would be slow.
 */
function sortedPrefix(values: number[], count: number): number[] {
  if (count > 16) return values.slice(0, count).sort((a, b) => a - b);
  for (let i = 1; i < count; i++) {
    const value = values[i]!;
    let j = i - 1;
    for (; j >= 0 && values[j]! > value; j--) values[j + 1] = values[j]!;
    values[j + 1] = value;
  }
  return values;
}
