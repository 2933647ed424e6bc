import { describe, expect, it } from 'vitest';
import type { TranscribedMemo } from '../agent.js';
import { createMemoriesAgent } from './agent.js';

const TEXT =
  'Um, so yesterday I went to Lisbon with my mom and Aunt Linda, and honestly it was wonderful!\n' +
  'We had dinner at Casa Pedro near the river and laughed so much. Priya called on Saturday. ';

const memo = (text: string): TranscribedMemo => ({
  id: 'feedc0ffee',
  userId: 'local',
  recordedAt: '2026-11-25T21:00:00.000Z',
  routeHint: 'memories',
  text,
  source: { kind: 'file', path: 'memories/2026-11-25_2100.txt', sha256: '0'.repeat(64) },
  metadata: {},
});

describe('memories agent', () => {
  const agent = createMemoriesAgent();

  it('serves the memories route as memory', () => {
    expect([agent.name, agent.route]).toEqual(['memory', 'memories']);
  });

  it('keeps the transcript verbatim and adds sentiment, people, places, dates and tags', () => {
    const result = agent.handle(memo(TEXT));
    if (result.agent !== 'memory') throw new Error(`unexpected ${result.agent}`);
    const record = result.memory;
    expect(record.text).toBe(TEXT);
    expect(record.sentiment.label).toBe('positive');
    expect(record.people).toEqual(['Aunt Linda', 'Priya', 'mom']);
    expect(record.places).toEqual(['Lisbon', 'Casa Pedro']);
    expect(record.dates).toEqual(['2026-11-21', '2026-11-24']);
    expect(record.tags.length).toBeGreaterThanOrEqual(3);
  });

  it('labels a clearly sad memory negative', () => {
    const result = agent.handle(memo('Terrible day. The flight was cancelled, I was furious and exhausted.'));
    expect(result.agent === 'memory' && result.memory.sentiment.label).toBe('negative');
  });

  it('is deterministic', () => {
    expect(agent.handle(memo(TEXT))).toEqual(agent.handle(memo(TEXT)));
  });
});
