import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Small seeded PRNG (mulberry32): the same seed always writes the same memos. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PEOPLE = ['Sarah', 'Tom', 'Priya', 'Marcus', 'Elena', 'Jamal', 'Chen', 'Olivia', 'Diego', 'Hannah'];
const PLACES = [
  'Berlin',
  'Lisbon',
  'Chicago',
  'Kyoto',
  'the lake house',
  'Portland',
  'Barcelona',
  'the park',
];
const PROJECTS = [
  'billing service',
  'onboarding flow',
  'search index',
  'mobile app',
  'data pipeline',
  'Q4 roadmap',
];
const DAYS = ['Friday', 'Monday', 'next Tuesday', 'tomorrow', 'end of day', 'end of the week'];
const THINGS = [
  'plants',
  'recipes',
  'receipts',
  'bike rides',
  'bird songs',
  'book notes',
  'parking spots',
  'dog walks',
];

const SENTENCES: Record<'work' | 'memories' | 'ideas', ((r: () => number) => string)[]> = {
  work: [
    (r) => `So um this morning I met with ${pick(r, PEOPLE)} about the ${pick(r, PROJECTS)}.`,
    (r) => `${pick(r, PEOPLE)} will send the revised estimates by ${pick(r, DAYS)}.`,
    (r) => `I need to review the pull request for the ${pick(r, PROJECTS)} before ${pick(r, DAYS)}.`,
    (r) => `We agreed that the migration is the top priority for the ${pick(r, PROJECTS)} this sprint.`,
    (r) => `Remind me to follow up with ${pick(r, PEOPLE)} about the load tests.`,
    () => 'The deploy went out without problems and the error rate stayed flat all afternoon.',
    () => 'Honestly the deadline feels tight, and I think we should cut scope rather than slip the date.',
    (r) => `Action item: update the runbook for the ${pick(r, PROJECTS)} and share it with the team.`,
  ],
  memories: [
    (r) => `Today I went to ${pick(r, PLACES)} with ${pick(r, PEOPLE)} and it was honestly wonderful.`,
    () => 'We laughed so much at dinner, and the food was amazing, I want to remember this feeling.',
    (r) => `Dad called and told me the old story about ${pick(r, PLACES)} again, which I love.`,
    () => 'It was a rough day, I felt tired and a bit lonely, and the rain did not help at all.',
    (r) => `${pick(r, PEOPLE)} gave me a little handmade card and I almost cried, it was so sweet.`,
    () => 'The sunset over the water was orange and pink and we just sat there quietly.',
    (r) => `I still remember the camping trip near ${pick(r, PLACES)} when we were kids.`,
  ],
  ideas: [
    (r) => `Okay so idea: an app that helps you keep track of your ${pick(r, THINGS)}.`,
    () => 'It would send you a gentle reminder at the right moment, not a nagging one.',
    () => 'It could sync with your calendar and learn your routine over a few weeks.',
    () => 'Users can share lists with friends and family, and see who did what.',
    (r) => `Maybe a small web dashboard too, showing trends for your ${pick(r, THINGS)} by month.`,
    () => 'It should work offline first and sync when there is a connection.',
    () => 'Also a weekly summary email would be nice, short and friendly.',
  ],
};

function pick<T>(r: () => number, items: readonly T[]): T {
  return items[Math.floor(r() * items.length)]!;
}

export interface GeneratedMemos {
  count: number;
  byRoute: Record<'work' | 'memories' | 'ideas', number>;
}

/**
 * Writes `count` realistic memos (40–200 words, spoken style) as `<dir>/<route>/<date>_<time>-<n>.txt`,
 * spread over November 2026 and the three routes. Deterministic for a given seed.
 */
export function generateMemos(dir: string, count: number, seed = 42): GeneratedMemos {
  const r = random(seed);
  const byRoute = { work: 0, memories: 0, ideas: 0 };
  const routes = ['work', 'memories', 'ideas'] as const;
  for (const route of routes) mkdirSync(join(dir, route), { recursive: true });
  for (let n = 0; n < count; n++) {
    const route = routes[n % 3]!;
    const targetWords = 40 + Math.floor(r() * 161);
    const sentences: string[] = [];
    let words = 0;
    while (words < targetWords) {
      const sentence = pick(r, SENTENCES[route])(r);
      sentences.push(sentence);
      words += sentence.split(' ').length;
    }
    const day = 1 + (n % 28);
    const minute = n % 1440;
    const stamp = `2026-11-${String(day).padStart(2, '0')}_${String(Math.floor(minute / 60)).padStart(2, '0')}${String(minute % 60).padStart(2, '0')}`;
    writeFileSync(join(dir, route, `${stamp}-${n}.txt`), `${sentences.join(' ')}\n`);
    byRoute[route]++;
  }
  return { count, byRoute };
}
