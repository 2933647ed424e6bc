import type { Redis } from 'ioredis';
import type { ShardLayout, ShardLayoutStore } from '../../ports/shard-layout.js';
import { translateRedisError } from './errors.js';
import { queueKeys } from './queue-codec.js';

/**
 * KEYS: layout hash. ARGV: initial shards, shard key ('' = none). Creates the layout if missing, and
 * records the key in a layout that has none; returns shards, from ('' = none), version, key (false = none).
 */
const LOAD = `
if redis.call('EXISTS', KEYS[1]) == 0 then
  redis.call('HSET', KEYS[1], 'shards', ARGV[1], 'from', '', 'version', 1)
end
if ARGV[2] ~= '' then redis.call('HSETNX', KEYS[1], 'key', ARGV[2]) end
return redis.call('HMGET', KEYS[1], 'shards', 'from', 'version', 'key')
`;

/** KEYS: layout hash. ARGV: expected version, shards, from ('' = none), key ('' = keep). Returns 1 when replaced. */
const REPLACE = `
if redis.call('HGET', KEYS[1], 'version') ~= ARGV[1] then return 0 end
redis.call('HSET', KEYS[1], 'shards', ARGV[2], 'from', ARGV[3])
if ARGV[4] ~= '' then redis.call('HSET', KEYS[1], 'key', ARGV[4]) end
redis.call('HINCRBY', KEYS[1], 'version', 1)
return 1
`;

/**
 * A sharded queue's layout in one Redis hash, `ws:q:<name>:layout`, beside the queue's keys (so
 * dropping the queue by prefix drops it too). Each step is one script: load-or-create and
 * compare-and-set are atomic across processes.
 */
export class RedisShardLayoutStore implements ShardLayoutStore {
  private readonly key: string;

  constructor(
    private readonly client: Redis,
    private readonly queue: string,
    private readonly backend: string,
  ) {
    this.key = `${queueKeys(queue).prefix}layout`;
  }

  async load(initialShards: number, key?: string): Promise<ShardLayout> {
    const [shards, from, version, recordedKey] = (await this.run('loadLayout', () =>
      this.client.eval(LOAD, 1, this.key, initialShards, key ?? ''),
    )) as [string, string, string, string | null];
    return {
      shards: Number(shards),
      ...(from === '' ? {} : { rebalancingFrom: Number(from) }),
      ...(recordedKey === null ? {} : { key: recordedKey }),
      version: Number(version),
    };
  }

  async replace(expectedVersion: number, next: Omit<ShardLayout, 'version'>): Promise<boolean> {
    const from = next.rebalancingFrom === undefined ? '' : String(next.rebalancingFrom);
    const replaced = await this.run('replaceLayout', () =>
      this.client.eval(REPLACE, 1, this.key, expectedVersion, next.shards, from, next.key ?? ''),
    );
    return Number(replaced) === 1;
  }

  private async run<R>(operation: string, call: () => Promise<R>): Promise<R> {
    try {
      return await call();
    } catch (error) {
      throw translateRedisError(error, { queue: this.queue, backend: this.backend, operation });
    }
  }
}
