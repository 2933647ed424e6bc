import { describe, expect, it } from 'vitest';
import type { TranscribedMemo } from '../agent.js';
import { createIdeasAgent } from './agent.js';

const memo = (text: string, metadata: Record<string, unknown> = {}): TranscribedMemo => ({
  id: '0123456789abcdef',
  userId: 'local',
  recordedAt: '2026-11-12T07:15:00.000Z',
  routeHint: 'ideas',
  text,
  source: { kind: 'file', path: 'ideas/2026-11-12_0715.txt', sha256: '0'.repeat(64) },
  metadata,
});
const ideaOf = (text: string, metadata: Record<string, unknown> = {}) => {
  const result = createIdeasAgent().handle(memo(text, metadata));
  if (result.agent !== 'github_ideas') throw new Error(`unexpected ${result.agent}`);
  return result.idea;
};

const PLANTS =
  'Okay so idea: an app that reminds you to water your plants. It would send you a gentle reminder at the ' +
  'right moment, not a nagging one. It could sync with your calendar. Users can share plant lists with ' +
  'friends. Feature: a photo diary of each plant. Also a weekly summary email would be nice. It could sync ' +
  'with your calendar.';

describe('ideas agent', () => {
  it('serves the ideas route as github_ideas', () => {
    const agent = createIdeasAgent();
    expect([agent.name, agent.route]).toEqual(['github_ideas', 'ideas']);
  });

  it('names the idea like a repository, pitches it in one sentence and lists its features once each', () => {
    expect(ideaOf(PLANTS)).toMatchObject({
      memoId: '0123456789abcdef',
      recordedAt: '2026-11-12T07:15:00.000Z',
      name: 'water-plants-reminder',
      pitch: 'An app that reminds you to water your plants.',
      features: [
        'Send you a gentle reminder at the right moment, not a nagging one',
        'Sync with your calendar',
        'Users can share plant lists with friends',
        'A photo diary of each plant',
        'A weekly summary email would be nice',
      ],
    });
  });

  it.each([
    ['An app that helps you keep track of your receipts.', 'receipt-tracker'],
    ['So what if there was a website for sharing recipes with neighbours?', 'recipe-sharing-website'],
    ['Idea for a side project: a shared grocery list for roommates.', 'shared-grocery-list'],
    [
      'A browser extension that summarizes long email threads into three bullets.',
      'long-email-thread-summarizer',
    ],
    ['Random idea: a podcast player that lets you clip a moment.', 'podcast-player'],
  ])('%s → %s', (text, name) => {
    expect(ideaOf(text).name).toBe(name);
  });

  it('uses a front-matter title for the name when there is one', () => {
    expect(ideaOf(PLANTS, { title: 'Voice Recipes' }).name).toBe('voice-recipes');
  });

  it('keeps the pitch to one sentence of at most 160 characters', () => {
    const { pitch } = ideaOf(
      `A tool that ${'checks every single thing you could possibly imagine and '.repeat(5)}more.`,
    );
    expect(pitch.length).toBeLessThanOrEqual(160);
  });

  it('is deterministic', () => {
    expect(ideaOf(PLANTS)).toEqual(ideaOf(PLANTS));
  });
});
