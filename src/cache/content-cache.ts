import { createHash } from 'node:crypto';
import type { Logger } from 'pino';
import type { Clock } from '../domain/clock.js';
import type { CacheCodec } from './codec.js';
import type { TieredCacheStats } from './stats.js';
import { createTieredCache, type TieredCacheOptions } from './tiered-cache.js';

/** The sha256 (hex) of a text (as UTF-8) or of bytes. */
export function contentKey(content: string | Uint8Array): string {
  return createHash('sha256').update(content).digest('hex');
}

/** Options of a cache keyed by content; tiers as in {@link TieredCacheOptions}, with defaults. */
export interface ContentCacheOptions<C, V> {
  /** The value for this content (computed or looked up), or `undefined` when there is none. */
  load: (content: C) => Promise<V | undefined>;
  log: Logger;
  l1?: TieredCacheOptions<V>['l1'];
  l2?: TieredCacheOptions<V>['l2'];
  negativeTtlMs?: number;
  clock?: Clock;
}

/** A tiered cache whose keys are the sha256 of the content, and whose loader gets the content. */
export interface ContentCache<C, V> {
  get(content: C): Promise<V | undefined>;
  set(content: C, value: V): Promise<void>;
  delete(content: C): Promise<void>;
  stats(): TieredCacheStats;
  close(): void;
}

/** What {@link createContentCache} needs besides the caller's options. */
export interface ContentCacheDefaults<V> {
  name: string;
  l1: TieredCacheOptions<V>['l1'];
  negativeTtlMs: number;
  codec: CacheCodec<V>;
}

export function createContentCache<C extends string | Uint8Array, V>(
  options: ContentCacheOptions<C, V>,
  defaults: ContentCacheDefaults<V>,
): ContentCache<C, V> {
  // The tiered cache hands `load` only the key; the content waits here while a get for it runs
  // (counted, since gets of the same content share one lookup).
  const waiting = new Map<string, { content: C; gets: number }>();
  const cache = createTieredCache<V>({
    name: defaults.name,
    l1: options.l1 ?? defaults.l1,
    ...(options.l2 && { l2: options.l2 }),
    negativeTtlMs: options.negativeTtlMs ?? defaults.negativeTtlMs,
    codec: defaults.codec,
    log: options.log,
    ...(options.clock && { clock: options.clock }),
    load: (key) => {
      const pending = waiting.get(key);
      // Unreachable: a load only runs inside a get, which registered its content first.
      if (!pending) return Promise.reject(new Error(`cache ${defaults.name}: no content for key ${key}`));
      return options.load(pending.content);
    },
  });

  return {
    async get(content) {
      const key = contentKey(content);
      const pending = waiting.get(key) ?? waiting.set(key, { content, gets: 0 }).get(key)!;
      pending.gets++;
      try {
        return await cache.get(key);
      } finally {
        if (--pending.gets === 0) waiting.delete(key);
      }
    },
    set: (content, value) => cache.set(contentKey(content), value),
    delete: (content) => cache.delete(contentKey(content)),
    stats: () => cache.stats(),
    close: () => cache.close(),
  };
}
