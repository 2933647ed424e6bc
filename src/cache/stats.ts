/** What one tier saw. For L3 (the loader), a hit is a load that found a value. */
export interface TierCounters {
  hits: number;
  misses: number;
  /** Calls that failed (refused, timed out, unreadable value); each one was skipped, not thrown. */
  errors: number;
  /** Calls not even tried because the tier was known to be down. */
  skipped: number;
}

export interface TieredCacheStats {
  name: string;
  l1: TierCounters & { size: number };
  /** Absent when the cache has no Redis tier. */
  l2?: TierCounters & { up: boolean; outages: number };
  l3: TierCounters;
  /** Hits (in any tier) on a remembered "not found". */
  negativeHits: number;
  /** `get`s that joined a lookup already in flight instead of starting their own. */
  coalesced: number;
}

export type CacheTier = 'l1' | 'l2' | 'l3';
export type CacheOutcome = 'hit' | 'miss' | 'error' | 'skipped';

/** One counter value with its labels: the shape a prom-client `collect()` sets. */
export interface CacheMetricSample {
  labels: { cache: string; tier: CacheTier; outcome: CacheOutcome };
  value: number;
}

export const emptyCounters = (): TierCounters => ({ hits: 0, misses: 0, errors: 0, skipped: 0 });

/**
 * Flattens stats into labelled samples, e.g. for a prom-client counter
 * `whispersync_cache_requests_total{cache,tier,outcome}`.
 *
 * @example
 * new Counter({ name: 'whispersync_cache_requests_total', help: '…',
 *   labelNames: ['cache', 'tier', 'outcome'],
 *   collect() { this.reset(); for (const s of cacheMetricSamples(cache.stats())) this.inc(s.labels, s.value); } });
 */
export function cacheMetricSamples(stats: TieredCacheStats): CacheMetricSample[] {
  const tiers: [CacheTier, TierCounters | undefined][] = [
    ['l1', stats.l1],
    ['l2', stats.l2],
    ['l3', stats.l3],
  ];
  const samples: CacheMetricSample[] = [];
  for (const [tier, counters] of tiers) {
    if (!counters) continue;
    const byOutcome: [CacheOutcome, number][] = [
      ['hit', counters.hits],
      ['miss', counters.misses],
      ['error', counters.errors],
      ['skipped', counters.skipped],
    ];
    for (const [outcome, value] of byOutcome) {
      samples.push({ labels: { cache: stats.name, tier, outcome }, value });
    }
  }
  return samples;
}
