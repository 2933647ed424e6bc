import type { ZodType } from 'zod';

/**
 * How values are written to, and read back from, a tier that stores strings (Redis). `decode`
 * may throw on a value it cannot read; the cache then treats it as a miss and logs it.
 */
export interface CacheCodec<V> {
  encode(value: V): string;
  decode(text: string): V;
}

/** The default codec: `JSON.stringify` / `JSON.parse`, so values must be JSON-safe. */
export function jsonCodec<V>(): CacheCodec<V> {
  return {
    encode: (value) => JSON.stringify(value),
    decode: (text) => JSON.parse(text) as V,
  };
}

// A stored entry is either a value or a remembered "not found"; the first character says which,
// so no value a codec produces can be mistaken for a negative entry.
const VALUE = 'v';
const NOT_FOUND = 'n';

/** What a tier holds for a key: a value, or the fact that the source has none. */
export type CacheEntry<V> = { found: true; value: V } | { found: false };

export const NOT_FOUND_ENTRY: CacheEntry<never> = Object.freeze({ found: false });

export function encodeEntry<V>(entry: CacheEntry<V>, codec: CacheCodec<V>): string {
  return entry.found ? VALUE + codec.encode(entry.value) : NOT_FOUND;
}

/** Reads what {@link encodeEntry} wrote; throws on anything else. */
export function decodeEntry<V>(text: string, codec: CacheCodec<V>): CacheEntry<V> {
  if (text === NOT_FOUND) return NOT_FOUND_ENTRY;
  if (text.startsWith(VALUE)) return { found: true, value: codec.decode(text.slice(VALUE.length)) };
  throw new Error(`not a cache entry (starts with ${JSON.stringify(text.slice(0, 8))})`);
}

/**
 * JSON checked against a zod schema on the way back, so a value written by another version (or
 * anything else under the prefix) is reloaded instead of returned.
 */
export function schemaCodec<V>(schema: ZodType<V>): CacheCodec<V> {
  return {
    encode: (value) => JSON.stringify(value),
    decode: (text) => schema.parse(JSON.parse(text)),
  };
}
