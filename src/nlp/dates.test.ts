import { describe, expect, it } from 'vitest';
import { analyse } from './analysis.js';
import { datesMentioned } from './dates.js';

// Wednesday 25 November 2026.
const RECORDED_AT = '2026-11-25T20:00:00Z';
const datesOf = (text: string) => datesMentioned(analyse(text), RECORDED_AT);

describe('datesMentioned', () => {
  it('resolves relative days against recordedAt', () => {
    expect(datesOf('Yesterday was great. Tonight we rest. Tomorrow we fly.')).toEqual([
      '2026-11-24',
      '2026-11-25',
      '2026-11-26',
    ]);
  });

  it('reads a bare weekday in a memory as the last one, and "next" as ahead', () => {
    expect(datesOf('On Saturday we went hiking.')).toEqual(['2026-11-21']);
    expect(datesOf('Next Saturday we will go again.')).toEqual(['2026-12-05']);
  });

  it('resolves explicit and counted dates', () => {
    expect(datesOf('We met on the 3rd of November and again two days ago.')).toEqual([
      '2026-11-03',
      '2026-11-23',
    ]);
  });

  it('leaves out months, years and clock times, which are not days', () => {
    expect(datesOf('In November it rains. Last year was hard. At 5pm I left.')).toEqual([]);
  });

  it('gives sorted unique days', () => {
    expect(datesOf('Today was long. This morning I ran, and today I rested.')).toEqual(['2026-11-25']);
  });
});
