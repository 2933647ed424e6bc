import { describe, expect, it } from 'vitest';
import type { MemoryRecord } from '../../domain/results.js';
import { renderMemoriesMonth } from './render.js';

const record = (memoId: string, recordedAt: string, text = 'A "quoted"\nline'): MemoryRecord => ({
  tags: ['walk'],
  memoId,
  recordedAt,
  text,
  sentiment: { label: 'positive', score: 0.4 },
  people: ['dad'],
  places: ['Lisbon'],
  dates: ['2026-11-20'],
});

const RECORDS = [
  record('bbbb', '2026-11-20T10:00:00.000Z'),
  record('aaaa', '2026-11-21T10:00:00.000Z'),
  record('aaab', '2026-11-20T10:00:00.000Z'),
];

describe('renderMemoriesMonth', () => {
  const jsonl = renderMemoriesMonth(RECORDS);
  const lines = jsonl.split('\n');

  it('writes one JSON object per line, each with its memoId, and a final newline', () => {
    expect(lines.pop()).toBe('');
    expect(lines).toHaveLength(3);
    const parsed = lines.map((line) => JSON.parse(line) as MemoryRecord);
    expect(parsed.map((r) => r.memoId)).toEqual(['aaab', 'bbbb', 'aaaa']);
    expect(parsed[0]?.text).toBe('A "quoted"\nline');
  });

  it('keeps keys in a fixed order', () => {
    expect(Object.keys(JSON.parse(lines[0]!))).toEqual([
      'memoId',
      'recordedAt',
      'text',
      'sentiment',
      'people',
      'places',
      'dates',
      'tags',
    ]);
    expect(lines[0]).toContain('"sentiment":{"score":0.4,"label":"positive"}');
  });

  it('is byte-identical whatever order the records come in', () => {
    expect(renderMemoriesMonth([...RECORDS].reverse())).toBe(jsonl);
  });

  it('renders nothing for no records', () => {
    expect(renderMemoriesMonth([])).toBe('');
  });
});
