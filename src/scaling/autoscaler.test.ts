import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createAutoscaler, type QueueObservation } from './autoscaler.js';
import type { ScalingAction } from './decide.js';
import { DEFAULT_SCALING_POLICY, parseScalingPolicy } from './policy.js';

/** A pino logger whose lines land in an array. */
function memoryLog() {
  const lines: { level: number; msg: string; [key: string]: unknown }[] = [];
  const log = pino({ level: 'info' }, { write: (line: string) => lines.push(JSON.parse(line)) });
  return { log, lines };
}

/** A queue whose depth and load (inFlight / capacity; 0.7 = the target, no tracking opinion) tests set. */
function fakeQueue() {
  const queue = { depth: 0, load: 0.7, replicas: [] as number[], fail: undefined as Error | undefined };
  const observe = async (): Promise<QueueObservation> => {
    if (queue.fail) throw queue.fail;
    const current = queue.replicas.at(-1) ?? 1;
    return { depth: queue.depth, inFlight: Math.round(current * 10 * queue.load), concurrency: current * 10 };
  };
  const apply = (desired: number) => {
    queue.replicas.push(desired);
  };
  return { queue, observe, apply };
}

describe('createAutoscaler', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: 1_700_000_000_000 });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('decides every interval, applies changes, logs and counts each action once', async () => {
    const { queue, observe, apply } = fakeQueue();
    const { log, lines } = memoryLog();
    const seen: ScalingAction[] = [];
    const scaler = createAutoscaler({
      policy: DEFAULT_SCALING_POLICY,
      observe,
      apply,
      clock: () => Date.now(),
      log,
      onAction: (action) => seen.push(action),
      intervalMs: 15_000,
    });
    queue.depth = 600;
    scaler.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(queue.replicas).toEqual([6]); // applied at once: 1 + 5

    await vi.advanceTimersByTimeAsync(45_000); // three more runs, all within the 60 s cooldown
    expect(queue.replicas).toEqual([6]);
    await vi.advanceTimersByTimeAsync(15_000); // t = 60 s
    expect(queue.replicas).toEqual([6, 11]);

    queue.depth = 0;
    queue.load = 0;
    await vi.advanceTimersByTimeAsync(300_000); // t = 360 s: 300 s after the last scale-out
    expect(queue.replicas).toEqual([6, 11, 10]);
    await vi.advanceTimersByTimeAsync(600_000); // t = 960 s
    expect(queue.replicas).toEqual([6, 11, 10, 9, 8]);

    expect(scaler.actions()).toEqual({ 'scale-out': 2, 'scale-in': 3 });
    expect(seen.map((a) => `${a.kind} ${a.from}→${a.to}`)).toEqual([
      'scale-out 1→6',
      'scale-out 6→11',
      'scale-in 11→10',
      'scale-in 10→9',
      'scale-in 9→8',
    ]);
    const logged = lines.filter((l) => l.msg.startsWith('autoscaler: scale'));
    expect(logged.map((l) => l.msg)).toEqual([
      'autoscaler: scale-out 1 → 6: queue depth 600 ≥ 500: step +5',
      'autoscaler: scale-out 6 → 11: queue depth 600 ≥ 500: step +5',
      'autoscaler: scale-in 11 → 10: queue depth 0: step -1; utilization 0 below 0.35: −1',
      'autoscaler: scale-in 10 → 9: queue depth 0: step -1; utilization 0 below 0.35: −1',
      'autoscaler: scale-in 9 → 8: queue depth 0: step -1; utilization 0 below 0.35: −1',
    ]);
    expect(scaler.state()).toEqual({
      current: 8,
      lastScaleOutAt: 1_700_000_060_000,
      lastScaleInAt: 1_700_000_960_000,
    });
    await scaler.stop();
  });

  it('stops: no decision after stop(), and start() twice schedules once', async () => {
    const { queue, observe, apply } = fakeQueue();
    const observeSpy = vi.fn(observe);
    const scaler = createAutoscaler({
      policy: DEFAULT_SCALING_POLICY,
      observe: observeSpy,
      apply,
      clock: () => Date.now(),
      log: pino({ level: 'silent' }),
      intervalMs: 1000,
    });
    queue.depth = 50;
    scaler.start();
    scaler.start();
    await vi.advanceTimersByTimeAsync(3000);
    expect(observeSpy).toHaveBeenCalledTimes(4); // at 0, 1, 2, 3 s
    await scaler.stop();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(observeSpy).toHaveBeenCalledTimes(4);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('logs a failed observation or apply and tries again from the same state', async () => {
    const { queue, observe } = fakeQueue();
    const { log, lines } = memoryLog();
    let failApply = true;
    const applied: number[] = [];
    const scaler = createAutoscaler({
      policy: parseScalingPolicy({ scaleOutCooldownMs: 0 }),
      observe,
      apply: async (desired) => {
        if (failApply) throw new Error('ECS said no');
        applied.push(desired);
      },
      clock: () => Date.now(),
      log,
      intervalMs: 1000,
    });
    queue.depth = 150;
    queue.fail = new Error('queue unreachable');
    await scaler.tick();
    queue.fail = undefined;
    await scaler.tick();
    failApply = false;
    await scaler.tick();
    expect(applied).toEqual([2]);
    expect(scaler.actions()).toEqual({ 'scale-out': 1, 'scale-in': 0 });
    expect(lines.map((l) => [l.level, l.msg.split(':').slice(0, 2).join('')])).toEqual([
      [40, 'autoscaler observing the queue failed; will try again'],
      [50, 'autoscaler applying the replica count failed'],
      [30, 'autoscaler scale-out 1 → 2'],
    ]);
  });

  it('resumes from a stored state', async () => {
    const { observe, apply, queue } = fakeQueue();
    queue.replicas.push(4);
    const scaler = createAutoscaler({
      policy: DEFAULT_SCALING_POLICY,
      observe,
      apply,
      clock: () => Date.now(),
      log: pino({ level: 'silent' }),
      intervalMs: 1000,
      initialState: { current: 4, lastScaleOutAt: Date.now() - 10_000, lastScaleInAt: null },
    });
    await scaler.tick(); // depth 0, but a scale-out 10 s ago: no scale-in yet
    expect(scaler.state().current).toBe(4);
    expect(scaler.actions()).toEqual({ 'scale-out': 0, 'scale-in': 0 });
  });
});
