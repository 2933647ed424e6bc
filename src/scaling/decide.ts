import type { ScalingPolicy } from './policy.js';

/**
 * What the scaler remembers between decisions: a plain JSON-safe object, so it can be stored
 * between Lambda invocations (`JSON.parse(JSON.stringify(state))` gives it back unchanged).
 */
export interface ScalerState {
  /** Replicas running (as last decided). */
  current: number;
  /** When the last scale-out was decided (ms since epoch); null when never. */
  lastScaleOutAt: number | null;
  /** When the last scale-in was decided (ms since epoch); null when never. */
  lastScaleInAt: number | null;
}

/** What the scaler sees at one moment. */
export interface Observation {
  /** When (ms since epoch), from an injected clock. */
  at: number;
  /** Messages waiting to be received (the queue's visible count). */
  depth: number;
  /** Messages being processed now, across all replicas. */
  inFlight: number;
  /**
   * How many messages the current replicas can process at once, all together (replicas × each
   * one's concurrency); utilization is inFlight / concurrency. 0 leaves target tracking out.
   */
  concurrency: number;
}

export interface ScalingAction {
  kind: 'scale-out' | 'scale-in';
  from: number;
  to: number;
  /** Why, in words: the depth step and/or the utilization that asked for it. */
  reason: string;
}

export interface ScalingDecision {
  /** Replicas that should run now. */
  desired: number;
  /** Present when desired differs from the state's current count. */
  action?: ScalingAction;
  /** The state to pass to the next decision. */
  state: ScalerState;
}

/** A scaler that has never acted, running `current` replicas. */
export function initialScalerState(current: number): ScalerState {
  return { current, lastScaleOutAt: null, lastScaleInAt: null };
}

interface Opinion {
  desired: number;
  reason: string;
}

/**
 * One scaling decision, pure: step scaling on queue depth and target tracking on utilization,
 * combined the way AWS Application Auto Scaling combines policies:
 * - scale out to the larger of the two wishes (the policy asking for the most capacity wins),
 *   unless a scale-out happened within `scaleOutCooldownMs`;
 * - scale in only when both ask for fewer replicas, to the larger (more cautious) of the two,
 *   and never within `scaleInCooldownMs` of the last action of either kind;
 * - always within [min, max]; a count outside the bounds (after a policy change) is brought back
 *   at once, cooldowns notwithstanding.
 *
 * @example decideScaling(initialScalerState(1), { at: Date.now(), depth: 620, inFlight: 8, concurrency: 8 }, DEFAULT_SCALING_POLICY)
 *   // { desired: 6, action: { kind: 'scale-out', from: 1, to: 6, reason: 'queue depth 620 ≥ 500: step +5' }, … }
 */
export function decideScaling(
  state: ScalerState,
  observation: Observation,
  policy: ScalingPolicy,
): ScalingDecision {
  checkInputs(state, observation);
  const { current } = state;
  const { at } = observation;
  const bounded = clamp(current, policy);
  if (bounded !== current) {
    const reason =
      current < policy.min ? `below the minimum ${policy.min}` : `above the maximum ${policy.max}`;
    return act(state, at, bounded, `${current} replicas is ${reason}`);
  }

  const step = stepOpinion(current, observation.depth, policy);
  const tracking = trackingOpinion(current, observation, policy);
  const out = step.desired >= tracking.desired ? step : tracking;
  if (out.desired > current) {
    const sinceOut = since(at, state.lastScaleOutAt);
    if (sinceOut < policy.scaleOutCooldownMs) return { desired: current, state };
    return act(state, at, out.desired, out.reason);
  }
  if (step.desired < current && tracking.desired < current) {
    const sinceAny = Math.min(since(at, state.lastScaleOutAt), since(at, state.lastScaleInAt));
    if (sinceAny < policy.scaleInCooldownMs) return { desired: current, state };
    return act(state, at, Math.max(step.desired, tracking.desired), `${step.reason}; ${tracking.reason}`);
  }
  return { desired: current, state };
}

function stepOpinion(current: number, depth: number, policy: ScalingPolicy): Opinion {
  let applies: { atLeast: number; change: number } | undefined;
  for (const step of policy.steps) if (depth >= step.atLeast) applies = step;
  if (!applies || applies.change === 0) return { desired: current, reason: `queue depth ${depth}: no step` };
  const sign = applies.change > 0 ? '+' : '';
  const where = applies.atLeast === 0 && depth === 0 ? '0' : `${depth} ≥ ${applies.atLeast}`;
  return {
    desired: clamp(current + applies.change, policy),
    reason: `queue depth ${where}: step ${sign}${applies.change}`,
  };
}

function trackingOpinion(current: number, o: Observation, policy: ScalingPolicy): Opinion {
  const { targetUtilization: target, scaleInUtilization: low } = policy;
  if (o.concurrency <= 0) return { desired: current, reason: 'no capacity reported: no utilization' };
  const utilization = o.inFlight / o.concurrency;
  const shown = `utilization ${round(utilization)}`;
  if (utilization > target) {
    // The proportional rule of target tracking; the epsilon keeps 10 × 0.77 / 0.7 at 11, not 12.
    const wanted = Math.ceil((current * utilization) / target - 1e-9);
    return {
      desired: clamp(wanted, policy),
      reason: `${shown} above target ${target}: ceil(${current} × ${round(utilization)} / ${target}) = ${wanted}`,
    };
  }
  // One replica fewer, and only if the rest would still run at or under the target: otherwise
  // the next observation would scale straight back out.
  const afterScaleIn = current > 1 ? (utilization * current) / (current - 1) : Number.POSITIVE_INFINITY;
  if (utilization < low && afterScaleIn <= target) {
    return { desired: clamp(current - 1, policy), reason: `${shown} below ${low}: −1` };
  }
  return { desired: current, reason: `${shown} near target ${target}` };
}

function act(state: ScalerState, at: number, to: number, reason: string): ScalingDecision {
  const from = state.current;
  const kind = to > from ? 'scale-out' : 'scale-in';
  const next: ScalerState =
    kind === 'scale-out'
      ? { ...state, current: to, lastScaleOutAt: at }
      : { ...state, current: to, lastScaleInAt: at };
  return { desired: to, action: { kind, from, to, reason }, state: next };
}

function clamp(n: number, policy: ScalingPolicy): number {
  return Math.min(policy.max, Math.max(policy.min, n));
}

function since(at: number, last: number | null): number {
  return last === null ? Number.POSITIVE_INFINITY : at - last;
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}

function checkInputs(state: ScalerState, o: Observation): void {
  if (!Number.isInteger(state.current) || state.current < 0) {
    throw new RangeError(`state.current must be a whole number of replicas, got ${state.current}`);
  }
  for (const key of ['at', 'depth', 'inFlight', 'concurrency'] as const) {
    if (!Number.isFinite(o[key]) || o[key] < 0) {
      throw new RangeError(`observation.${key} must be a finite number ≥ 0, got ${o[key]}`);
    }
  }
}
