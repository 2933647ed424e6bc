import type { ObjectNode, Scalar } from './ast.js';
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
  const matchers = parsed.map(compileNode);
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
      candidates.length = 0;
      for (const { path, rulesByValue } of paths) {
        leaves.length = 0;
        collectLeaves(event, path, 0, leaves);
        for (const leaf of leaves) {
          const ids = rulesByValue.get(leaf);
          if (ids === undefined) continue;
          for (const id of ids) {
            if (ruleSeen[id] === stamp) continue;
            ruleSeen[id] = stamp;
            candidates.push(id);
          }
        }
      }
      for (const id of scanned) candidates.push(id);
      matched.length = 0;
      for (const id of candidates) if (matchers[id]!(event)) matched.push(id);
      if (matched.length > 1) matched.sort((a, b) => a - b);
      const names: string[] = [];
      for (const id of matched) {
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

/** The leaf values at `path`, looking through arrays at every level, as the matcher does. */
function collectLeaves(value: unknown, path: string[], depth: number, out: Scalar[]): void {
  if (Array.isArray(value)) {
    for (const element of value) collectLeaves(element, path, depth, out);
    return;
  }
  if (depth === path.length) {
    if (isLeafValue(value)) out.push(value);
    return;
  }
  if (typeof value !== 'object' || value === null) return;
  const key = path[depth]!;
  if (!Object.hasOwn(value, key)) return;
  collectLeaves((value as Record<string, unknown>)[key], path, depth + 1, out);
}
