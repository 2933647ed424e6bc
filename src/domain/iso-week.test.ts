import { describe, expect, it } from 'vitest';
import { isoWeekLabel, isoWeekOf } from './iso-week.js';

const labelOf = (iso: string) => isoWeekLabel(isoWeekOf(new Date(iso)));

describe('ISO weeks', () => {
  it.each([
    ['2026-01-01T12:00:00Z', '2026-W01'],
    ['2027-01-01T12:00:00Z', '2026-W53'],
    ['2024-12-30T12:00:00Z', '2025-W01'],
    ['2026-11-23T00:00:00Z', '2026-W48'],
    ['2026-11-29T23:59:59Z', '2026-W48'],
    ['2026-11-30T00:00:00Z', '2026-W49'],
  ])('%s is in %s', (instant, label) => {
    expect(labelOf(instant)).toBe(label);
  });
});
