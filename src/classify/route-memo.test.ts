import { describe, expect, it } from 'vitest';
import type { AgentRoute } from '../domain/route.js';
import type { Classification } from './classification.js';
import { createLocalClassifier } from './local-classifier.js';
import { DEFAULT_ROUTING, type RoutingOptions, routeMemo } from './route-memo.js';

// A tiny model: routeMemo only needs it for segmenting, which these policy cases switch off.
const local = createLocalClassifier(
  [
    { text: 'standup with the team about the release and the client deadline', label: 'work' },
    { text: 'dinner with my sister and her kids at the lake, so lovely', label: 'memories' },
    { text: 'what if there was an app that reminds you to water the plants', label: 'ideas' },
  ],
  { temperature: 1 },
);
const TEXT = 'a memo that the given classification describes';

function classified(route: AgentRoute, confidence: number): Classification {
  const rest = (1 - confidence) / 2;
  const scores = { work: rest, memories: rest, ideas: rest, [route]: confidence };
  return { route, confidence, scores, reasons: ['some', 'words'], source: 'local' };
}

function decide(hint: 'work' | 'ideas' | 'inbox', c: Classification, options: Partial<RoutingOptions> = {}) {
  return routeMemo(TEXT, hint, local, { ...DEFAULT_ROUTING, split: false, ...options }, c);
}

describe('routeMemo policies', () => {
  it('folder-first keeps the folder unless the content is confidently another route', () => {
    expect(decide('work', classified('memories', 0.85))).toMatchObject({
      route: 'work',
      decidedBy: 'folder',
    });
    expect(decide('work', classified('memories', 0.95))).toMatchObject({
      route: 'memories',
      decidedBy: 'content',
    });
    expect(decide('work', classified('work', 0.3))).toMatchObject({ route: 'work', decidedBy: 'folder' });
  });

  it('content-first follows a sure classification and falls back to the folder', () => {
    const options = { policy: 'content-first' } as const;
    expect(decide('work', classified('ideas', 0.7), options)).toMatchObject({
      route: 'ideas',
      decidedBy: 'content',
    });
    expect(decide('work', classified('ideas', 0.5), options)).toMatchObject({
      route: 'work',
      decidedBy: 'folder',
    });
  });

  it('folder-only never asks the content; a memo without a folder goes to review', () => {
    const options = { policy: 'folder-only' } as const;
    expect(decide('ideas', classified('work', 0.99), options)).toMatchObject({
      route: 'ideas',
      decidedBy: 'folder',
      classifier: 'none',
    });
    expect(decide('inbox', classified('work', 0.99), options)).toMatchObject({ route: 'review', parts: [] });
  });

  it('sends a memo without a folder to its content route, or to review below the threshold', () => {
    expect(decide('inbox', classified('ideas', 0.61))).toMatchObject({
      route: 'ideas',
      decidedBy: 'content',
    });
    const unsure = decide('inbox', classified('ideas', 0.59));
    expect(unsure).toMatchObject({
      route: 'review',
      confidence: 0.59,
      reasons: ['some', 'words'],
      parts: [],
    });
    expect(decide('inbox', classified('ideas', 0.59), { threshold: 0.5 }).route).toBe('ideas');
  });

  it('hands the agents the whole memo as one part when it is not split', () => {
    expect(decide('inbox', classified('work', 0.9)).parts).toEqual([
      { route: 'work', start: 0, end: TEXT.length, confidence: 0.9 },
    ]);
  });
});
