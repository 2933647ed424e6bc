import type { Scalar } from './ast.js';
import { type Guard, guardOf, type PathReader, readerOf } from './path-reader.js';
import type { Requirement, Requirements } from './requirements.js';

/** Where an event is once it has shown the values on the way here. */
export interface State {
  /** Rules that ask for nothing more than the values on the way here. */
  complete: number[];
  /** Rules that ask for more than the machine checks: other operators, `$or`, fields left out. */
  partial: number[];
  steps: Step[];
  /** Set when the state begins a run of single-value steps that many rules share: see {@link addGuards}. */
  shortcut: { guard: Guard; to: State } | undefined;
}

/** The way on from a state: the event's value at `path` chooses the next state. */
export interface Step {
  key: string;
  path: string[];
  read: PathReader;
  next: Map<Scalar, State>;
  /**
   * `next` as parallel arrays while it has at most {@link FEW} values, searched with `===`: an event's
   * string is rarely the pattern's own string object, and hashing it costs more than comparing a few.
   * Empty when `next` must be asked.
   */
  values: Scalar[];
  states: State[];
}

const FEW = 8;

/**
 * A rule with several multi-valued fields takes one route per combination of their values. Past this
 * many routes, only some of its fields are checked by the machine; its own matcher checks the rest.
 */
const MAX_ROUTES = 256;

/** A run of single-value steps gets a guard when at least this many rules lie beyond it. */
const SHARED_BY = 8;

/**
 * Builds a state machine (a trie, as in aws event-ruler) of the exact values the rules require: each
 * rule is a route of (path, value) steps, the paths taken in one order for all rules so that rules
 * sharing values share states. An event walks it (walk.ts) reading only the paths of the states it
 * reaches, so its cost grows with the routes it follows, not with the number of rules.
 *
 * The paths whose values are shared by the most rules come first (`source` before `user_id`): the upper
 * states are then few and shared, so they stay in the processor's cache, and only the last steps branch
 * per rule. (Taking the rarest value first lets an event leave sooner, but gives each rule its own chain
 * of states: at 1,000 rules those missed the cache on every event and cost over twice as much.)
 * Rules with no exact value wait in the first state, which every event reaches.
 * @returns the first state
 */
export function buildMachine(rules: readonly Requirements[]): State {
  const rank = pathRanks(rules);
  const root = newState();
  rules.forEach(({ fields, onlyExact }, rule) => {
    const route = routeOf(fields, rank);
    addRoutes(root, route, 0, rule, onlyExact && route.length === fields.length);
  });
  addGuards(root);
  return root;
}

function newState(): State {
  return { complete: [], partial: [], steps: [], shortcut: undefined };
}

/** Orders paths by how many rules share each of their values, most first; ties by path. */
function pathRanks(rules: readonly Requirements[]): Map<string, number> {
  const uses = new Map<string, { rules: number; values: Set<Scalar> }>();
  for (const { fields } of rules) {
    for (const { key, values } of fields) {
      const use = uses.get(key) ?? { rules: 0, values: new Set<Scalar>() };
      uses.set(key, use);
      use.rules++;
      for (const value of values) use.values.add(value);
    }
  }
  const share = (key: string) => uses.get(key)!.rules / uses.get(key)!.values.size;
  const keys = [...uses.keys()].sort((a, b) => share(b) - share(a) || (a < b ? -1 : a > b ? 1 : 0));
  return new Map(keys.map((key, i) => [key, i]));
}

/**
 * The fields a rule's routes check, in machine order: always its rarest (the one that narrows most),
 * then those with the fewest values while the combinations stay within {@link MAX_ROUTES}.
 */
function routeOf(fields: Requirement[], rank: Map<string, number>): Requirement[] {
  const inOrder = [...fields].sort((a, b) => rank.get(a.key)! - rank.get(b.key)!);
  const rarest = inOrder.at(-1);
  if (rarest === undefined) return [];
  const chosen = new Set([rarest]);
  let routes = rarest.values.length;
  for (const field of [...fields].sort((a, b) => a.values.length - b.values.length)) {
    if (chosen.has(field)) continue;
    if (routes * field.values.length > MAX_ROUTES) break;
    chosen.add(field);
    routes *= field.values.length;
  }
  return inOrder.filter((field) => chosen.has(field));
}

/** Adds the routes of `rule` from `state`, one per combination of the values of `route[i..]`. */
function addRoutes(state: State, route: Requirement[], i: number, rule: number, complete: boolean): void {
  if (i === route.length) {
    (complete ? state.complete : state.partial).push(rule);
    return;
  }
  const { key, path, values } = route[i]!;
  let step = state.steps.find((s) => s.key === key);
  if (step === undefined) {
    step = { key, path, read: readerOf(path), next: new Map(), values: [], states: [] };
    state.steps.push(step);
  }
  for (const value of values) {
    let next = step.next.get(value);
    if (next === undefined) {
      next = newState();
      step.next.set(value, next);
      const few = step.next.size <= FEW;
      step.values = few ? [...step.values, value] : [];
      step.states = few ? [...step.states, next] : [];
    }
    addRoutes(next, route, i + 1, rule, complete);
  }
}

/**
 * Most rules of an event bus name the same `source` and `detail-type`, so every event first takes
 * steps that only one value leads on from. A run of two or more such steps with many rules beyond it
 * gets a guard that checks all its values in one generated function: one call instead of a call and a
 * comparison per step, which cut a fifth to a quarter of the time the bench's events took to match.
 * @param inRun whether `state` is inside a run that begins above it
 * @returns how many routes end at or beyond `state`
 */
function addGuards(state: State, inRun = false): number {
  const leadsOn = leadsOnByOneValue(state);
  let routes = state.complete.length + state.partial.length;
  for (const step of state.steps) for (const next of step.next.values()) routes += addGuards(next, leadsOn);
  if (inRun || !leadsOn || routes < SHARED_BY) return routes;
  const paths: string[][] = [];
  const values: Scalar[] = [];
  let to = state;
  for (; leadsOnByOneValue(to); to = to.steps[0]!.states[0]!) {
    paths.push(to.steps[0]!.path);
    values.push(to.steps[0]!.values[0]!);
  }
  if (paths.length >= 2) state.shortcut = { guard: guardOf(paths, values), to };
  return routes;
}

function leadsOnByOneValue(state: State): boolean {
  const { complete, partial, steps } = state;
  return complete.length + partial.length === 0 && steps.length === 1 && steps[0]!.next.size === 1;
}
