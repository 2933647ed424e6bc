import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_DEFERRAL, deferralDelayMs } from './deferral.js';

const waits = fc.record({ deferrals: fc.nat(100), reopensInMs: fc.nat(3_600_000) });
const randoms = fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true });

describe('deferralDelayMs', () => {
  it('never asks before the circuit reopens (unless that is beyond the cap), and never waits past the cap', () => {
    fc.assert(
      fc.property(waits, randoms, (wait, r) => {
        const delay = deferralDelayMs(wait, DEFAULT_DEFERRAL, () => r);
        expect(delay).toBeGreaterThanOrEqual(Math.min(wait.reopensInMs, DEFAULT_DEFERRAL.maxMs));
        expect(delay).toBeLessThanOrEqual(DEFAULT_DEFERRAL.maxMs);
      }),
    );
  });

  it('grows with every deferral of the same work while the circuit is closed', () => {
    fc.assert(
      fc.property(fc.nat(40), randoms, (n, r) => {
        const at = (deferrals: number) =>
          deferralDelayMs({ deferrals, reopensInMs: 0 }, DEFAULT_DEFERRAL, () => r);
        expect(at(n + 1)).toBeGreaterThanOrEqual(at(n));
      }),
    );
  });

  it('spreads work deferred at the same moment by up to the jitter share', () => {
    const wait = { deferrals: 0, reopensInMs: 30_000 };
    expect(deferralDelayMs(wait, DEFAULT_DEFERRAL, () => 0)).toBe(30_000);
    expect(deferralDelayMs(wait, DEFAULT_DEFERRAL, () => 0.5)).toBe(33_000);
    expect(deferralDelayMs({ deferrals: 3, reopensInMs: 0 }, DEFAULT_DEFERRAL, () => 0)).toBe(8_000);
  });
});
