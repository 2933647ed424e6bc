import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isInvalidMemoError } from '../../src/domain/errors.js';
import type { MemoryRecord } from '../../src/domain/results.js';
import type { MemorySearch } from '../../src/ports/memory-search.js';
import { memoryRecordVersion } from '../../src/search/record-version.js';

export interface MemorySearchConformanceOptions {
  name: string;
  create: () => Promise<{ search: MemorySearch; cleanup(): Promise<void> }>;
}

/** A memory record; only what a test names differs from a neutral memory of 2026-11-10. */
export function memoryRecord(
  memoId: string,
  text: string,
  overrides: Partial<MemoryRecord> = {},
): MemoryRecord {
  return {
    memoId,
    recordedAt: '2026-11-10T18:00:00.000Z',
    text,
    sentiment: { score: 0, label: 'neutral' },
    people: [],
    places: [],
    dates: [],
    tags: [],
    ...overrides,
  };
}

// Memories about other things, so that words like "camping" are rare in the archive, as they would be.
const FILLER = [
  'Baked bread with Mia this morning, the crust came out dark but she loved it.',
  'Long walk by the river after the rain, the city was quiet and the air smelled of leaves.',
  'Watched the old cartoons with my sister and laughed at the same jokes as twenty years ago.',
  'Grandma taught me her soup recipe on the phone, I wrote it on the back of an envelope.',
  'The neighbours had a party and the music went on until two, I could not sleep at all.',
].map((text, i) => memoryRecord(`filler-${i}`, text));

/** What every MemorySearch adapter must do, whatever engine is underneath. */
export function runMemorySearchConformance({ name, create }: MemorySearchConformanceOptions): void {
  describe(`MemorySearch conformance: ${name}`, () => {
    let search: MemorySearch;
    let cleanup: () => Promise<void>;
    beforeEach(async () => {
      ({ search, cleanup } = await create());
      await search.index(FILLER);
    });
    afterEach(async () => {
      await cleanup();
    });

    const ids = async (query: string, filters = {}, limit = 10) =>
      (await search.search(query, filters, limit)).map((hit) => hit.memoId);

    it('ranks a memory about camping with dad above one that mentions camping in passing', async () => {
      await search.index([
        memoryRecord(
          'passing',
          'Busy week. Dad phoned with news about the car, the boiler and the gutters, and somebody at work ' +
            'mentioned camping, then we spent an hour on the tax forms and the insurance and the dentist.',
        ),
        memoryRecord(
          'trip',
          'Went camping with Dad at the lake. Camping with Dad like when I was a kid, we camped two nights.',
        ),
      ]);
      const hits = await search.search('camping with dad', {}, 10);
      expect(hits.map((hit) => hit.memoId)).toEqual(['trip', 'passing']);
      expect(hits[0]!.score).toBeGreaterThan(hits[1]!.score);
    });

    it('finds other forms of a word (camped, camping, camps) and marks them in the snippet', async () => {
      await search.index([memoryRecord('lake', 'We camped by the lake and the kids loved it.')]);
      for (const query of ['camping', 'camps', 'CAMPED']) expect(await ids(query), query).toEqual(['lake']);
      const [hit] = await search.search('camping', {}, 10);
      expect(hit?.snippet).toContain('[camped]');
    });

    it('returns what a hit needs to be shown: date, snippet, people, places, sentiment and tags', async () => {
      const record = memoryRecord('snow', 'We built a lopsided snowman and Mia named him Gerald.', {
        recordedAt: '2026-11-12T20:05:00.000Z',
        sentiment: { score: 3, label: 'positive' },
        people: ['Mia', 'Gerald'],
        places: ['Backyard'],
        tags: ['winter'],
      });
      await search.index([record]);
      const [hit] = await search.search('snowman', {}, 10);
      expect(hit).toMatchObject({
        memoId: 'snow',
        recordedAt: record.recordedAt,
        people: record.people,
        places: record.places,
        sentiment: record.sentiment,
        tags: record.tags,
      });
      expect(hit?.snippet).toContain('[snowman]');
      expect(hit?.snippet).toContain('Gerald');
    });

    it('finds a memory by a tag its text never says', async () => {
      await search.index([memoryRecord('snow', 'We built a snowman.', { tags: ['winter'] })]);
      const [hit] = await search.search('winter', {}, 10);
      expect(hit?.memoId).toBe('snow');
      expect(hit?.snippet).toContain('[winter]');
    });

    it('prefers memories with every word, and falls back to any word when none has them all', async () => {
      await search.index([
        memoryRecord('both', 'Camping with Dad by the lake.'),
        memoryRecord('camping', 'Camping alone this time, it rained.'),
        memoryRecord('dad', 'Dad fixed the fence.'),
      ]);
      expect(await ids('camping dad')).toEqual(['both']);
      expect((await ids('camping zebra')).sort()).toEqual(['both', 'camping']);
      expect(await ids('zebra giraffe')).toEqual([]);
    });

    it('returns at most `limit` hits', async () => {
      await search.index(
        Array.from({ length: 5 }, (_, i) => memoryRecord(`kite-${i}`, `Flew the kite ${i} times today.`)),
      );
      expect(await ids('kite', {}, 3)).toHaveLength(3);
    });

    describe('filters', () => {
      beforeEach(async () => {
        await search.index([
          memoryRecord('early', 'A picnic in the park with Dad.', {
            recordedAt: '2026-11-01T08:00:00.000Z',
            people: ['Dad'],
            sentiment: { score: 4, label: 'positive' },
          }),
          memoryRecord('late-night', 'A rainy picnic, everyone was grumpy, Mia cried.', {
            recordedAt: '2026-11-14T23:59:59.000Z',
            people: ['Mia'],
            sentiment: { score: -3, label: 'negative' },
          }),
          memoryRecord('next-day', 'Picnic leftovers with Dad and Mia.', {
            recordedAt: '2026-11-15T00:00:00.000Z',
            people: ['Dad', 'Mia'],
          }),
        ]);
      });
      const sorted = async (filters: object) => (await ids('picnic', filters)).sort();

      it('keeps memories from `from` on and up to the whole `to` day', async () => {
        expect(await sorted({ from: '2026-11-14' })).toEqual(['late-night', 'next-day']);
        expect(await sorted({ to: '2026-11-14' })).toEqual(['early', 'late-night']);
        expect(await sorted({ from: '2026-11-14', to: '2026-11-14' })).toEqual(['late-night']);
        expect(await sorted({ from: '2026-11-16' })).toEqual([]);
      });

      it('keeps memories naming a person, in any case', async () => {
        expect(await sorted({ person: 'dad' })).toEqual(['early', 'next-day']);
        expect(await sorted({ person: 'MIA' })).toEqual(['late-night', 'next-day']);
        expect(await sorted({ person: 'Grandma' })).toEqual([]);
      });

      it('keeps memories of a sentiment', async () => {
        expect(await sorted({ sentiment: 'negative' })).toEqual(['late-night']);
        expect(await sorted({ sentiment: 'neutral' })).toEqual(['next-day']);
      });

      it('combines filters: every one must hold', async () => {
        expect(await sorted({ person: 'mia', to: '2026-11-14' })).toEqual(['late-night']);
        expect(await sorted({ person: 'dad', from: '2026-11-02', sentiment: 'neutral' })).toEqual([
          'next-day',
        ]);
        expect(await sorted({ person: 'dad', sentiment: 'negative' })).toEqual([]);
      });

      it('rejects a day that is not YYYY-MM-DD', async () => {
        await expect(search.search('picnic', { from: '14/11/2026' }, 10)).rejects.toSatisfy(
          isInvalidMemoError,
        );
        await expect(search.search('picnic', { to: '2026-02-30' }, 10)).rejects.toSatisfy(isInvalidMemoError);
      });
    });

    it('upserts by memo id: indexing twice keeps one hit, a changed record replaces the old one', async () => {
      const first = memoryRecord('m1', 'Sledging down the big hill with the cousins.');
      await search.index([first]);
      await search.index([first]);
      expect(await ids('sledging')).toEqual(['m1']);

      const changed = { ...first, text: 'Ice skating on the frozen pond with the cousins.', people: ['Ana'] };
      await search.index([changed]);
      expect(await ids('sledging')).toEqual([]);
      expect(await ids('skating')).toEqual(['m1']);
      expect(await ids('cousins', { person: 'ana' })).toEqual(['m1']);
      expect((await search.indexedVersions()).get('m1')).toBe(memoryRecordVersion(changed));
    });

    it('removes memos, ignoring ids it does not know', async () => {
      await search.index([memoryRecord('m1', 'Pumpkin carving night.'), memoryRecord('m2', 'Pumpkin soup.')]);
      await search.remove(['m1', 'unknown']);
      expect(await ids('pumpkin')).toEqual(['m2']);
      expect((await search.indexedVersions()).has('m1')).toBe(false);
    });

    it('reports the version of every indexed record', async () => {
      const record = memoryRecord('m1', 'Pumpkin carving night.');
      await search.index([record]);
      const versions = await search.indexedVersions();
      expect(versions.get('m1')).toBe(memoryRecordVersion(record));
      expect(versions.size).toBe(FILLER.length + 1);
    });

    it('treats any text a person types as words, never as query syntax', async () => {
      await search.index([memoryRecord('m1', 'Mia\'s e-mail said: NEAR the lake AND the hills, "wow".')]);
      const queries = [
        '"camping',
        'camping"',
        '(camping',
        'camping)',
        ') OR (',
        'AND',
        'camping AND',
        'OR dad',
        'NOT',
        'NEAR(',
        'NEAR(camping dad, 2)',
        'camp*',
        '^camping',
        'text:camping',
        'tags : winter',
        '{text tags}: dad',
        '-dad',
        '+dad',
        "mia's",
        'e-mail',
        "'; DROP TABLE memos; --",
        'x'.repeat(5000),
        'café ☕ 🏕️ 野营',
      ];
      for (const query of queries)
        await expect(search.search(query, {}, 10), query).resolves.toBeInstanceOf(Array);
      expect(await ids('NEAR')).toEqual(['m1']);
      expect(await ids('"wow"')).toEqual(['m1']);
      expect(await ids("mia's e-mail")).toEqual(['m1']);
    });

    it('rejects a query without words (empty, only punctuation), saying so', async () => {
      for (const query of ['', '   ', '*** ( )', '"', '*', '\\', '-- !']) {
        const error = await search.search(query, {}, 10).catch((e: unknown) => e);
        expect(isInvalidMemoError(error), query).toBe(true);
        expect((error as Error).message).toContain('has no words to search for');
      }
    });
  });
}
