import type { ObjectNode, Scalar } from './ast.js';
import { equalityMatcher } from './equality-matcher.js';
import { InvalidPatternError } from './errors.js';
import { compileNode } from './match.js';
import { isScalar, parsePattern } from './parse.js';

/** A named event pattern. Several rules may share a name: the name matches if any of them does. */
export interface Rule {
  name: string;
  pattern: unknown;
}

/** A compiled rule set. */
export interface RuleMatcher {
  /** The names of the rules `event` matches, in the order the rules were given, each name once. */
  matchingRules(event: unknown): string[];
  /** How many rules are looked up by an exact value they require, and how many are tried on every event. */
  readonly stats: { rules: number; indexed: number; scanned: number };
}

/** An exact value a rule requires: it can only match events with one of `values` at `path`. */
interface Requirement {
  path: string[];
  key: string;
  values: Scalar[];
}

/** Rules indexed by the values they require at one path of the event. */
interface PathIndex {
  path: string[];
  rulesByValue: Map<Scalar, number[]>;
}

/**
 * Validates and compiles a rule set. Each rule that requires an exact value somewhere (`"user_id":
 * ["u-1"]`) is indexed by the (path, value) pair shared by the fewest rules, so an event only tries the
 * rules whose required value it carries, plus the rules that require no exact value: matching cost grows
 * with the number of rules an event could match, not with the number of equality rules.
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
  const matchers = parsed.map((node) => {
    const general = compileNode(node);
    return equalityMatcher(node, general) ?? general;
  });
  const nameIds = new Map<string, number>();
  const nameOf = rules.map((rule) => rule.name);
  const nameIdOf = Int32Array.from(rules, (rule) => {
    if (!nameIds.has(rule.name)) nameIds.set(rule.name, nameIds.size);
    return nameIds.get(rule.name)!;
  });

  const requirements = parsed.map((node) => requirementsOf(node, [], []));
  const shared = countShared(requirements);
  const indexes = new Map<string, PathIndex>();
  const scanned: number[] = [];
  requirements.forEach((options, rule) => {
    const best = leastShared(options, shared);
    if (best === undefined) {
      scanned.push(rule);
      return;
    }
    const index = indexes.get(best.key) ?? { path: best.path, rulesByValue: new Map<Scalar, number[]>() };
    indexes.set(best.key, index);
    for (const value of best.values) {
      const list = index.rulesByValue.get(value);
      if (list) list.push(rule);
      else index.rulesByValue.set(value, [rule]);
    }
  });

  const paths = [...indexes.values()];
  const ruleSeen = new Uint32Array(rules.length);
  const nameSeen = new Uint32Array(nameIds.size);
  const leaves: Scalar[] = [];
  const candidates: number[] = [];
  const matched: number[] = [];
  let stamp = 0;

  return {
    stats: { rules: rules.length, indexed: rules.length - scanned.length, scanned: scanned.length },
    matchingRules(event) {
      if (++stamp === 0xffffffff) {
        ruleSeen.fill(0);
        nameSeen.fill(0);
        stamp = 1;
      }
      // The scratch arrays are reused and counted rather than emptied: setting an array's length is a
      // runtime call, and this runs for every event.
      let candidateCount = 0;
      for (const { path, rulesByValue } of paths) {
        const leafCount = collectLeaves(event, path, 0, leaves, 0);
        for (let l = 0; l < leafCount; l++) {
          const ids = rulesByValue.get(leaves[l]!);
          if (ids === undefined) continue;
          for (const id of ids) {
            if (ruleSeen[id] === stamp) continue;
            ruleSeen[id] = stamp;
            candidates[candidateCount++] = id;
          }
        }
      }
      for (const id of scanned) candidates[candidateCount++] = id;
      let matchedCount = 0;
      for (let c = 0; c < candidateCount; c++) {
        const id = candidates[c]!;
        if (matchers[id]!(event)) matched[matchedCount++] = id;
      }
      const names: string[] = [];
      if (matchedCount === 0) return names;
      const found = matched.slice(0, matchedCount);
      if (matchedCount > 1) found.sort((a, b) => a - b);
      for (const id of found) {
        const nameId = nameIdOf[id]!;
        if (nameSeen[nameId] === stamp) continue;
        nameSeen[nameId] = stamp;
        names.push(nameOf[id]!);
      }
      return names;
    },
  };
}

/** The exact-value fields a pattern requires, outside `$or` (a branch's fields are not required). */
function requirementsOf(node: ObjectNode, path: string[], out: Requirement[]): Requirement[] {
  for (const { key, node: child } of node.fields) {
    const childPath = [...path, key];
    if (child.kind === 'object') {
      requirementsOf(child, childPath, out);
    } else if (!child.ifPresent && !child.ifAbsent && child.tests.every((test) => test.op === 'exact')) {
      const values = [...new Set(child.tests.map((test) => (test.op === 'exact' ? test.value : null)))];
      out.push({ path: childPath, key: JSON.stringify(childPath), values });
    }
  }
  return out;
}

/** For each path, how many rules could be indexed under each value. */
function countShared(requirements: Requirement[][]): Map<string, Map<Scalar, number>> {
  const counts = new Map<string, Map<Scalar, number>>();
  for (const options of requirements) {
    for (const { key, values } of options) {
      const byValue = counts.get(key) ?? new Map<Scalar, number>();
      counts.set(key, byValue);
      for (const value of values) byValue.set(value, (byValue.get(value) ?? 0) + 1);
    }
  }
  return counts;
}

/** The requirement whose values are shared by the fewest rules: the shortest candidate lists. */
function leastShared(
  options: Requirement[],
  shared: Map<string, Map<Scalar, number>>,
): Requirement | undefined {
  let best: Requirement | undefined;
  let bestCost = Infinity;
  for (const option of options) {
    const byValue = shared.get(option.key)!;
    const cost = option.values.reduce<number>((sum, value) => sum + byValue.get(value)!, 0);
    if (cost < bestCost) [best, bestCost] = [option, cost];
  }
  return best;
}

// Read once: under tsx's CommonJS interop every use of an imported binding goes through a getter.
const isLeafValue = isScalar;

/**
 * Writes the leaf values at `path` into `out` from index `at`, looking through arrays at every level,
 * as the matcher does. @returns the index after the last value written
 */
function collectLeaves(value: unknown, path: string[], depth: number, out: Scalar[], at: number): number {
  if (Array.isArray(value)) {
    let next = at;
    for (const element of value) next = collectLeaves(element, path, depth, out, next);
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
  return collectLeaves((value as Record<string, unknown>)[key], path, depth + 1, out, at);
}
