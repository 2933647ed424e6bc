import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isConfigError } from '../domain/errors.js';
import { levelingOptions, overflowFirst, placeBatch } from './watermarks.js';

const options = levelingOptions({ highWatermark: 100, lowWatermark: 40, overflowCapacity: 500 });

describe('placeBatch', () => {
  it('sends to the primary while it stays under the high watermark', () => {
    expect(placeBatch(30, { primary: 50, overflow: 0 }, false, options)).toEqual({
      kind: 'placed',
      toPrimary: 30,
      toOverflow: 0,
      overflowing: false,
    });
  });

  it('fills the primary up to the high watermark and spills the rest', () => {
    expect(placeBatch(30, { primary: 90, overflow: 0 }, false, options)).toEqual({
      kind: 'placed',
      toPrimary: 10,
      toOverflow: 20,
      overflowing: true,
    });
  });

  it('keeps an overflowing producer on the overflow until the primary is below the low watermark', () => {
    expect(placeBatch(5, { primary: 60, overflow: 20 }, true, options)).toMatchObject({ toPrimary: 0 });
    expect(placeBatch(5, { primary: 40, overflow: 20 }, true, options)).toMatchObject({ toPrimary: 0 });
    expect(placeBatch(5, { primary: 39, overflow: 20 }, true, options)).toMatchObject({
      toPrimary: 5,
      overflowing: false,
    });
  });

  it('refuses the whole batch once the overflow is at capacity, never a part of it', () => {
    expect(placeBatch(30, { primary: 90, overflow: 500 }, false, options)).toEqual({ kind: 'busy' });
    expect(placeBatch(1, { primary: 100, overflow: 500 }, true, options)).toEqual({ kind: 'busy' });
    // What fits the primary is still taken when the overflow is full.
    expect(placeBatch(5, { primary: 10, overflow: 500 }, false, options)).toMatchObject({ toPrimary: 5 });
  });

  it('never puts the primary above the high watermark nor the overflow above capacity + one batch', () => {
    const largestBatch = 300;
    const batch = fc.integer({ min: 1, max: largestBatch });
    const step = fc.record({ send: batch, consume: fc.integer({ min: 0, max: 300 }) });
    fc.assert(
      fc.property(fc.array(step, { maxLength: 60 }), (steps) => {
        const depths = { primary: 0, overflow: 0 };
        let overflowing = false;
        for (const { send, consume } of steps) {
          const placed = placeBatch(send, depths, overflowing, options);
          if (placed.kind === 'placed') {
            expect(placed.toPrimary + placed.toOverflow).toBe(send);
            depths.primary += placed.toPrimary;
            depths.overflow += placed.toOverflow;
            overflowing = placed.overflowing;
          }
          expect(depths.primary).toBeLessThanOrEqual(options.highWatermark);
          expect(depths.overflow).toBeLessThan(options.overflowCapacity + largestBatch);
          // Consumers take from the overflow first below the low watermark, else from the primary.
          const first = overflowFirst(depths, options) ? 'overflow' : 'primary';
          const second = first === 'overflow' ? 'primary' : 'overflow';
          const fromFirst = Math.min(consume, depths[first]);
          depths[first] -= fromFirst;
          depths[second] -= Math.min(consume - fromFirst, depths[second]);
        }
      }),
    );
  });
});

describe('overflowFirst', () => {
  it('drains the overflow first only once the primary is below the low watermark', () => {
    expect(overflowFirst({ primary: 39, overflow: 1 }, options)).toBe(true);
    expect(overflowFirst({ primary: 40, overflow: 1 }, options)).toBe(false);
    expect(overflowFirst({ primary: 0, overflow: 0 }, options)).toBe(false);
  });
});

describe('levelingOptions', () => {
  it('puts the low watermark at half the high one unless given', () => {
    expect(levelingOptions({ highWatermark: 21 }).lowWatermark).toBe(10);
    expect(levelingOptions().lowWatermark).toBe(25_000);
  });

  it('reports every bad option at once', () => {
    let caught: unknown;
    try {
      levelingOptions({ highWatermark: 10, lowWatermark: 11, overflowCapacity: 0 });
    } catch (error) {
      caught = error;
    }
    expect(isConfigError(caught)).toBe(true);
    expect(String(caught)).toMatch(/overflowCapacity must be an integer >= 1/);
    expect(String(caught)).toMatch(/lowWatermark \(11\) must not be above highWatermark \(10\)/);
  });
});
