import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { requireRedis } from '../../test/support/services.js';
import type { Classification } from '../classify/classification.js';
import { classificationCache } from './classification-cache.js';
import { connectRedis, deleteKeys, uniquePrefix } from './test-redis.js';
import { transcriptionCache } from './transcription-cache.js';

const describeRedis = (await requireRedis()) ? describe : describe.skip;
const log = pino({ level: 'silent' });
const sha256 = (content: string | Uint8Array) => createHash('sha256').update(content).digest('hex');

const WORK: Classification = {
  route: 'work',
  confidence: 0.8,
  scores: { work: 0.8, memories: 0.1, ideas: 0.1 },
  reasons: ['standup', 'deploy'],
  source: 'llm',
};

describe('classificationCache without Redis', () => {
  it('hands the text to load once for concurrent gets of it', async () => {
    const texts: string[] = [];
    const cache = classificationCache({
      log,
      load: async (text) => {
        texts.push(text);
        return WORK;
      },
    });
    const text = 'Deployed the release after standup.';
    const answers = await Promise.all([cache.get(text), cache.get(text), cache.get(text)]);
    expect(answers).toEqual([WORK, WORK, WORK]);
    expect(await cache.get(text)).toEqual(WORK);
    expect(texts).toEqual([text]);
  });

  it('remembers that the classifier had no answer for a text', async () => {
    let asked = 0;
    const cache = classificationCache({
      log,
      load: async () => {
        asked++;
        return undefined; // e.g. the LLM was unreachable; the caller classifies locally
      },
    });
    expect(await cache.get('some text')).toBeUndefined();
    expect(await cache.get('some text')).toBeUndefined();
    expect(asked).toBe(1);
  });
});

describeRedis('classificationCache and transcriptionCache with Redis', () => {
  let redis: Redis;
  const prefixes: string[] = [];
  beforeAll(async () => {
    redis = await connectRedis();
  });
  afterEach(async () => {
    for (const prefix of prefixes.splice(0)) await deleteKeys(redis, prefix);
  });
  afterAll(() => {
    redis.disconnect();
  });
  const prefixFor = (test: string) => {
    const prefix = uniquePrefix(test);
    prefixes.push(prefix);
    return prefix;
  };

  it('keys classifications by the sha256 of the text and shares them through Redis', async () => {
    const prefix = prefixFor('classification');
    const texts: string[] = [];
    const options = {
      log,
      l2: { redis, ttlMs: 60_000, prefix },
      load: async (text: string) => {
        texts.push(text);
        return WORK;
      },
    };
    const text = 'Standup: the deploy is blocked on review.';
    expect(await classificationCache(options).get(text)).toEqual(WORK);
    expect(await redis.get(`${prefix}${sha256(text)}`)).toBe(`v${JSON.stringify(WORK)}`);
    expect(await classificationCache(options).get(text)).toEqual(WORK);
    expect(texts).toEqual([text]);
  });

  it('reloads a Redis value that is not a classification', async () => {
    const prefix = prefixFor('classification-shape');
    const text = 'Remember the picnic by the lake.';
    await redis.set(`${prefix}${sha256(text)}`, 'v{"route":"work","confidence":2}');
    const memories: Classification = { ...WORK, route: 'memories' };
    const cache = classificationCache({
      log,
      l2: { redis, ttlMs: 60_000, prefix },
      load: async () => memories,
    });
    expect(await cache.get(text)).toEqual(memories);
    expect(cache.stats().l2).toMatchObject({ errors: 1, up: true });
  });

  it('keys transcriptions by the sha256 of the audio bytes', async () => {
    const prefix = prefixFor('transcription');
    let transcribed = 0;
    const options = {
      log,
      l2: { redis, ttlMs: 60_000, prefix },
      load: async () => {
        transcribed++;
        return { text: 'hello there', engine: 'pocketsphinx' };
      },
    };
    const audio = new Uint8Array([82, 73, 70, 70, 1, 2, 3, 4]);
    expect(await transcriptionCache(options).get(audio)).toEqual({
      text: 'hello there',
      engine: 'pocketsphinx',
    });
    expect(await redis.exists(`${prefix}${sha256(audio)}`)).toBe(1);
    // The same bytes in another buffer, read by another process.
    expect(await transcriptionCache(options).get(Uint8Array.from(audio))).toEqual({
      text: 'hello there',
      engine: 'pocketsphinx',
    });
    expect(transcribed).toBe(1);
  });
});
