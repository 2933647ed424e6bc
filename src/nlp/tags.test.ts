import { describe, expect, it } from 'vitest';
import { analyse } from './analysis.js';
import { tagsOf } from './tags.js';

const WORK =
  'So um this morning I met with Hannah about the data pipeline. The pipeline keeps failing on large data. ' +
  'Sarah will send the revised estimates by Friday. The migration of the pipeline is the top priority this sprint.';

describe('tagsOf', () => {
  it('gives 3 to 5 lowercase noun keywords, most frequent first', () => {
    const tags = tagsOf(analyse(WORK));
    expect(tags.length).toBeGreaterThanOrEqual(3);
    expect(tags.length).toBeLessThanOrEqual(5);
    expect(tags.slice(0, 2)).toEqual(['pipeline', 'data']);
    for (const tag of tags) expect(tag).toMatch(/^[a-z][a-z0-9-]+$/);
  });

  it('leaves out names, fillers, stop words and relatives', () => {
    const tags = tagsOf(
      analyse('Um, Hannah and my mom, like, talked about the garden and the garden shed and the roses.'),
    );
    expect(tags).not.toContain('hannah');
    expect(tags).not.toContain('mom');
    expect(tags).not.toContain('um');
    expect(tags).toContain('garden');
  });

  it('puts given tags and #hashtags first, written or said', () => {
    const tags = tagsOf(analyse('Long run by the river today #Running, hashtag fitness.'), {
      tags: ['Morning Routine'],
    });
    expect(tags.slice(0, 3)).toEqual(['morning-routine', 'running', 'fitness']);
  });

  it('is deterministic', () => {
    expect(tagsOf(analyse(WORK))).toEqual(tagsOf(analyse(WORK)));
  });
});
