import { describe, expect, it } from 'vitest';
import type { IdeaRecord } from '../../domain/results.js';
import { ideaFileSlugs, renderIdea, renderIdeasBacklog } from './render.js';

const idea = (
  memoId: string,
  recordedAt: string,
  name: string,
  extra: Partial<IdeaRecord> = {},
): IdeaRecord => ({
  memoId,
  recordedAt,
  name,
  pitch: `Pitch of ${name}.`,
  features: [],
  tags: [],
  ...extra,
});

describe('renderIdea', () => {
  const markdown = renderIdea(
    idea('abc123def456', '2026-11-12T07:15:00.000Z', 'water-plants-reminder', {
      features: ['Send a gentle reminder', 'Sync with | your calendar'],
      tags: ['plant', 'reminder'],
    }),
  );

  it('shows name, pitch, features, tags, the recorded date and the memo id once', () => {
    expect(markdown).toBe(
      [
        '# water-plants-reminder',
        '',
        'Pitch of water-plants-reminder.',
        '',
        '## Features',
        '',
        '- Send a gentle reminder',
        '- Sync with | your calendar',
        '',
        'Tags: #plant #reminder',
        '',
        'Recorded 2026-11-12 <!-- memo:abc123def456 -->',
        '',
      ].join('\n'),
    );
  });
});

describe('ideaFileSlugs', () => {
  it('gives the oldest idea its name and later namesakes the name plus 6 memo id characters', () => {
    const ideas = [
      idea('ffff00001111', '2026-11-20T10:00:00.000Z', 'plant-reminder'),
      idea('aaaa00002222', '2026-11-02T10:00:00.000Z', 'plant-reminder'),
      idea('bbbb00003333', '2026-11-05T10:00:00.000Z', 'receipt-tracker'),
      idea('cccc00004444', '2026-11-20T10:00:00.000Z', 'plant-reminder'),
    ];
    const slugs = ideaFileSlugs(ideas);
    expect(Object.fromEntries(slugs)).toEqual({
      aaaa00002222: 'plant-reminder',
      bbbb00003333: 'receipt-tracker',
      cccc00004444: 'plant-reminder-cccc00',
      ffff00001111: 'plant-reminder-ffff00',
    });
    expect(ideaFileSlugs([...ideas].reverse())).toEqual(slugs);
  });

  it('keeps slugs unique even when a name looks like a suffixed one', () => {
    const slugs = ideaFileSlugs([
      idea('aaaaaa111111', '2026-11-01T10:00:00.000Z', 'x'),
      idea('bbbbbb222222', '2026-11-02T10:00:00.000Z', 'x-aaaaaa'),
      idea('aaaaaa333333', '2026-11-03T10:00:00.000Z', 'x'),
    ]);
    expect(new Set(slugs.values()).size).toBe(3);
  });
});

describe('renderIdeasBacklog', () => {
  it('links every idea file in a table, oldest first, escaping table pipes', () => {
    const later = idea('bbbb', '2026-11-20T10:00:00.000Z', 'b-idea', { pitch: 'Pipes | inside.' });
    const earlier = idea('aaaa', '2026-11-02T10:00:00.000Z', 'a-idea');
    const backlog = renderIdeasBacklog([
      { idea: later, file: 'b-idea.md' },
      { idea: earlier, file: 'a-idea.md' },
    ]);
    expect(backlog).toBe(
      [
        '# Idea backlog',
        '',
        '2 ideas, oldest first.',
        '',
        '| Recorded | Idea | Pitch |',
        '| --- | --- | --- |',
        '| 2026-11-02 | [a-idea](a-idea.md) | Pitch of a-idea. |',
        '| 2026-11-20 | [b-idea](b-idea.md) | Pipes \\| inside. |',
        '',
      ].join('\n'),
    );
    expect(backlog).not.toContain('<!-- memo:');
  });
});
