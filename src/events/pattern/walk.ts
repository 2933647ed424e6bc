import type { Scalar } from './ast.js';
import type { State, Step } from './machine.js';
import { ARRAY_ON_PATH, leavesAt } from './path-reader.js';

/**
 * Called for each rule an event reaches: `certain` when the event has shown everything the rule asks
 * for, otherwise the rule's own matcher must decide. A rule may be reached more than once.
 */
export type Visit = (rule: number, certain: boolean) => void;

/** Walks an event through the machine from its first state, calling `visit` for the rules it reaches. */
export type Walk = (event: unknown, visit: Visit) => void;

// Read once: under tsx's CommonJS interop every use of an imported binding goes through a getter.
const THROUGH_ARRAY = ARRAY_ON_PATH;
const leavesOf = leavesAt;

export function walker(root: State): Walk {
  // Leaf values read through arrays; each level of the walk writes after the values of the levels above.
  const leaves: Scalar[] = [];

  /**
   * Visits the rules of `state` and takes its steps. The last step is taken in this frame when it leads
   * to one state, as most steps do: a call per step cost as much as the step itself.
   */
  function enter(from: State, event: unknown, visit: Visit, throughArray: boolean, top: number): void {
    let state = from;
    for (;;) {
      const { shortcut } = state;
      if (shortcut?.guard(event)) {
        state = shortcut.to;
        continue;
      }
      const { complete, partial, steps } = state;
      for (let r = 0; r < complete.length; r++) visit(complete[r]!, !throughArray);
      for (let r = 0; r < partial.length; r++) visit(partial[r]!, false);
      const last = steps.length - 1;
      if (last < 0) return;
      for (let s = 0; s < last; s++) take(steps[s]!, event, visit, throughArray, top);
      const step = steps[last]!;
      const value = step.read(event);
      if (value === undefined) return;
      if (value === THROUGH_ARRAY || Array.isArray(value)) {
        takeLeaves(step, event, visit, throughArray || value === THROUGH_ARRAY, top);
        return;
      }
      const next = nextState(step, value);
      if (next === undefined) return;
      state = next;
    }
  }

  function take(step: Step, event: unknown, visit: Visit, throughArray: boolean, top: number): void {
    const value = step.read(event);
    if (value === undefined) return;
    if (value === THROUGH_ARRAY || Array.isArray(value)) {
      takeLeaves(step, event, visit, throughArray || value === THROUGH_ARRAY, top);
      return;
    }
    const next = nextState(step, value);
    if (next !== undefined) enter(next, event, visit, throughArray, top);
  }

  /**
   * Takes the step once for each leaf value at its path. Once a path has been read through an array of
   * objects (`throughArray`), the values found may sit in different elements, which array consistency
   * forbids: the rules reached are then left to their matchers.
   */
  function takeLeaves(step: Step, event: unknown, visit: Visit, throughArray: boolean, top: number): void {
    const end = leavesOf(event, step.path, 0, leaves, top);
    for (let l = top; l < end; l++) {
      const next = nextState(step, leaves[l]);
      if (next !== undefined) enter(next, event, visit, throughArray, end);
    }
  }

  return (event, visit) => enter(root, event, visit, false, 0);
}

function nextState(step: Step, value: unknown): State | undefined {
  const { values } = step;
  if (values.length === 0) return step.next.get(value as Scalar);
  for (let i = 0; i < values.length; i++) if (values[i] === value) return step.states[i];
  return undefined;
}
