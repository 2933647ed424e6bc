import { describe, expect, it } from 'vitest';
import { DepthGauge } from './depth-gauge.js';

describe('DepthGauge', () => {
  /** A gauge on a hand-moved clock whose reads take `readMs` and return the depths given. */
  function gauge(ttlMs: number, readMs: number) {
    let now = 0;
    const truth = { primary: 5, overflow: 0 };
    let reads = 0;
    const g = new DepthGauge(
      async () => {
        reads++;
        now += readMs;
        return { ...truth };
      },
      ttlMs,
      () => now,
    );
    return {
      g,
      truth,
      reads: () => reads,
      advance: (ms: number) => {
        now += ms;
      },
    };
  }

  it('reads once per ttl and keeps count of this process’s own sends and deletes in between', async () => {
    const { g, truth, reads, advance } = gauge(1_000, 0);
    expect(await g.current()).toEqual({ primary: 5, overflow: 0 });
    g.adjust('primary', 10);
    g.adjust('overflow', 3);
    g.adjust('primary', -2);
    truth.primary = 99; // another process's sends: seen at the next read
    advance(999);
    expect(await g.current()).toEqual({ primary: 13, overflow: 3 });
    expect(reads()).toBe(1);
    advance(1);
    expect(await g.current()).toEqual({ primary: 99, overflow: 0 });
    expect(reads()).toBe(2);
  });

  it('reads a slow backend less often: at most every 20 times the last read took', async () => {
    const { g, reads, advance } = gauge(1_000, 200);
    await g.current();
    advance(3_999);
    await g.current();
    expect(reads()).toBe(1);
    advance(1);
    await g.current();
    expect(reads()).toBe(2);
  });

  it('lets concurrent callers share one read, and never counts below zero', async () => {
    const { g, reads } = gauge(1_000, 0);
    await Promise.all([g.current(), g.current(), g.current()]);
    expect(reads()).toBe(1);
    g.adjust('overflow', -10);
    expect((await g.current()).overflow).toBe(0);
  });
});
