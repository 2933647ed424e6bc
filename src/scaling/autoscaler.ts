import type { Logger } from 'pino';
import type { Clock } from '../domain/clock.js';
import {
  decideScaling,
  initialScalerState,
  type Observation,
  type ScalerState,
  type ScalingAction,
  type ScalingDecision,
} from './decide.js';
import type { ScalingPolicy } from './policy.js';

/** What `observe` reports; `at` defaults to the autoscaler's clock. */
export type QueueObservation = Omit<Observation, 'at'> & { at?: number };

export interface AutoscalerOptions {
  policy: ScalingPolicy;
  /** Looks at the queue and the workers (depth, in flight, total concurrency). */
  observe: () => Promise<QueueObservation>;
  /** Makes `desired` replicas run (ECS desired count, worker pool size, …). */
  apply: (desired: number) => void | Promise<void>;
  clock: Clock;
  log: Logger;
  /** Called once per action, after it was applied. */
  onAction?: (action: ScalingAction) => void;
  /** Time between two decisions; the next one is scheduled when the last has finished. */
  intervalMs: number;
  /** Where a previous run left off (e.g. stored between Lambda invocations). @default initialScalerState(policy.min) */
  initialState?: ScalerState;
}

export interface Autoscaler {
  /** Decides at once, then every `intervalMs`. Starting a started autoscaler does nothing. */
  start(): void;
  /** Stops the schedule; resolves when a decision in progress has finished. */
  stop(): Promise<void>;
  /** Decides once now (what each scheduled run does). */
  tick(): Promise<void>;
  /** Actions applied so far, by kind. */
  actions(): Record<ScalingAction['kind'], number>;
  /** The state to keep for next time (JSON-safe). */
  state(): ScalerState;
}

/**
 * Runs {@link decideScaling} on a schedule: observe, decide, apply, log. An action counts (and is
 * logged, and passed to `onAction`) once `apply` has succeeded; when observing or applying
 * fails, the error is logged and the next run tries again from the same state.
 *
 * @example
 * const scaler = createAutoscaler({ policy: DEFAULT_SCALING_POLICY, observe, apply: pool.resize,
 *   clock: systemClock, log, intervalMs: 15_000 });
 * scaler.start(); … await scaler.stop();
 */
export function createAutoscaler(options: AutoscalerOptions): Autoscaler {
  const { policy, observe, apply, clock, log, onAction, intervalMs } = options;
  let state = options.initialState ?? initialScalerState(policy.min);
  let applied: number | undefined;
  const counts: Record<ScalingAction['kind'], number> = { 'scale-out': 0, 'scale-in': 0 };
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running = false;
  let inProgress: Promise<void> | undefined;

  async function decide(): Promise<void> {
    let decision: ScalingDecision;
    try {
      const observation = await observe();
      decision = decideScaling(state, { ...observation, at: observation.at ?? clock() }, policy);
    } catch (error) {
      log.warn({ err: error }, 'autoscaler: observing the queue failed; will try again');
      return;
    }
    if (decision.desired !== applied) {
      try {
        await apply(decision.desired);
      } catch (error) {
        log.error({ err: error, desired: decision.desired }, 'autoscaler: applying the replica count failed');
        return;
      }
      applied = decision.desired;
    }
    state = decision.state;
    const { action } = decision;
    if (action) {
      counts[action.kind]++;
      log.info({ action }, `autoscaler: ${action.kind} ${action.from} → ${action.to}: ${action.reason}`);
      onAction?.(action);
    }
  }

  function tick(): Promise<void> {
    inProgress ??= decide().finally(() => {
      inProgress = undefined;
    });
    return inProgress;
  }

  function schedule(): void {
    if (timer !== undefined) return; // a stop() and start() while a run was in progress
    timer = setTimeout(() => {
      timer = undefined;
      void tick().finally(() => {
        if (running) schedule();
      });
    }, intervalMs);
  }

  return {
    start() {
      if (running) return;
      running = true;
      void tick().finally(() => {
        if (running) schedule();
      });
    },
    async stop() {
      running = false;
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
      await inProgress;
    },
    tick,
    actions: () => ({ ...counts }),
    state: () => ({ ...state }),
  };
}
