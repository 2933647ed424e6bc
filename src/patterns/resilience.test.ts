import { BrokenCircuitError, TaskCancelledError } from 'cockatiel';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type BreakerStateChange, createResilience, type ResilienceSettings } from './resilience.js';

// Every test runs on fake time: the breaker reads Date.now(), retries and timeouts use setTimeout.
beforeEach(() => {
  vi.useFakeTimers({ now: Date.UTC(2026, 10, 2, 9, 0) });
});
afterEach(() => {
  vi.useRealTimers();
});

class Down extends Error {}
class BadRequest extends Error {}

const SETTINGS: ResilienceSettings = {
  timeoutMs: 1_000,
  breaker: { failureRate: 0.5, windowMs: 10_000, minimumCalls: 4, halfOpenAfterMs: 5_000 },
  retry: { maxAttempts: 1, initialDelayMs: 100, maxDelayMs: 1_000 },
  isRetryable: (error) => error instanceof Down,
  countsAgainstBreaker: (error) => !(error instanceof BadRequest),
};

const fail = (error: Error) => () => Promise.reject(error);
const succeed = () => Promise.resolve('ok');

/** Runs `call` and returns what it threw (or `undefined`), letting fake time pass until it settles. */
async function outcomeOf<T>(promise: Promise<T>): Promise<unknown> {
  const settled = promise.then(
    () => undefined,
    (error: unknown) => error,
  );
  await vi.runAllTimersAsync();
  return settled;
}

describe('resilience: retry → breaker → timeout', () => {
  it('stays closed below the minimum number of calls, however many of them fail', async () => {
    const policy = createResilience(SETTINGS);
    for (let i = 0; i < 3; i++) await outcomeOf(policy.execute(fail(new Down())));
    expect(policy.state()).toBe('closed');
    await outcomeOf(policy.execute(fail(new Down())));
    expect(policy.state()).toBe('open');
  });

  it('opens on the failure rate: half or fewer failures keep it closed', async () => {
    const policy = createResilience(SETTINGS);
    for (const call of [succeed, succeed, fail(new Down()), fail(new Down())])
      await outcomeOf(policy.execute(call));
    expect(policy.state()).toBe('closed');
    await outcomeOf(policy.execute(fail(new Down())));
    expect(policy.state()).toBe('open'); // 3 of 5 failed
  });

  it('refuses calls while open without running them, and says how long it will refuse', async () => {
    const policy = createResilience(SETTINGS);
    for (let i = 0; i < 4; i++) await outcomeOf(policy.execute(fail(new Down())));
    expect(policy.reopensInMs()).toBe(5_000);
    vi.advanceTimersByTime(1_500);
    expect(policy.reopensInMs()).toBe(3_500);
    const call = vi.fn(succeed);
    expect(await outcomeOf(policy.execute(call))).toBeInstanceOf(BrokenCircuitError);
    expect(call).not.toHaveBeenCalled();
  });

  it('half-opens after halfOpenAfterMs: one trial call, and its success closes the circuit', async () => {
    const policy = createResilience(SETTINGS);
    const changes: BreakerStateChange[] = [];
    policy.onStateChange((c) => changes.push(c));
    for (let i = 0; i < 4; i++) await outcomeOf(policy.execute(fail(new Down())));
    vi.advanceTimersByTime(5_000);
    expect(policy.reopensInMs()).toBe(0);
    let finishTrial: (value: string) => void = () => {};
    const trial = policy.execute(() => new Promise<string>((resolve) => (finishTrial = resolve)));
    expect(policy.state()).toBe('half-open');
    // A second call while the trial runs waits for its verdict instead of piling onto the service.
    const waiting = vi.fn(succeed);
    const second = policy.execute(waiting);
    await vi.advanceTimersByTimeAsync(10);
    expect(waiting).not.toHaveBeenCalled();
    finishTrial('ok');
    await expect(trial).resolves.toBe('ok');
    await expect(second).resolves.toBe('ok');
    expect(changes.map((c) => c.to)).toEqual(['open', 'half-open', 'closed']);
  });

  it('opens again, for another halfOpenAfterMs, when the trial call fails', async () => {
    const policy = createResilience(SETTINGS);
    for (let i = 0; i < 4; i++) await outcomeOf(policy.execute(fail(new Down())));
    vi.advanceTimersByTime(5_000);
    await outcomeOf(policy.execute(fail(new Down())));
    expect(policy.state()).toBe('open');
    expect(policy.reopensInMs()).toBe(5_000);
  });

  it('times out a hung attempt, aborting its signal, and counts the timeout against the breaker', async () => {
    const policy = createResilience(SETTINGS);
    const signals: AbortSignal[] = [];
    const hang = (signal: AbortSignal) => {
      signals.push(signal);
      return new Promise<never>((_, reject) => signal.addEventListener('abort', () => reject(signal.reason)));
    };
    const started = Date.now();
    const error = await outcomeOf(policy.execute(hang));
    expect(error).toBeInstanceOf(TaskCancelledError);
    expect(Date.now() - started).toBe(1_000);
    expect(signals[0]?.aborted).toBe(true);
    for (let i = 0; i < 3; i++) await outcomeOf(policy.execute(hang));
    expect(policy.state()).toBe('open');
  });

  it('retries retryable failures with jittered exponential backoff, bounded by maxDelayMs', async () => {
    const gaps: number[][] = [];
    for (let run = 0; run < 20; run++) {
      const policy = createResilience({
        ...SETTINGS,
        retry: { maxAttempts: 4, initialDelayMs: 100, maxDelayMs: 800 },
      });
      const at: number[] = [];
      await outcomeOf(
        policy.execute(() => {
          at.push(Date.now());
          return Promise.reject(new Down());
        }),
      );
      expect(at).toHaveLength(4);
      gaps.push(at.slice(1).map((t, i) => t - at[i]!));
    }
    const all = gaps.flat();
    expect(Math.min(...all)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...all)).toBeLessThanOrEqual(800);
    // Jitter: twenty policies do not wait in lockstep.
    expect(new Set(gaps.map((g) => g.join())).size).toBeGreaterThan(1);
    // Exponential: the third wait is, on average, longer than the first.
    const mean = (i: number) => gaps.reduce((sum, g) => sum + g[i]!, 0) / gaps.length;
    expect(mean(2)).toBeGreaterThan(mean(0));
  });

  it('passes on failures that do not count against the breaker, without retrying or opening', async () => {
    const policy = createResilience({ ...SETTINGS, retry: { ...SETTINGS.retry, maxAttempts: 3 } });
    const call = vi.fn(fail(new BadRequest('your audio is broken')));
    for (let i = 0; i < 6; i++) expect(await outcomeOf(policy.execute(call))).toBeInstanceOf(BadRequest);
    expect(call).toHaveBeenCalledTimes(6);
    expect(policy.state()).toBe('closed');
  });

  it('closes from half-open when the trial call is refused as bad input: the service is up', async () => {
    const policy = createResilience(SETTINGS);
    for (let i = 0; i < 4; i++) await outcomeOf(policy.execute(fail(new Down())));
    vi.advanceTimersByTime(5_000);
    expect(await outcomeOf(policy.execute(fail(new BadRequest())))).toBeInstanceOf(BadRequest);
    expect(policy.state()).toBe('closed');
  });
});
