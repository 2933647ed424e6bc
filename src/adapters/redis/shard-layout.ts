import type { Redis } from 'ioredis';
import type { ShardLayout, ShardLayoutStore } from '../../ports/shard-layout.js';
import { translateRedisError } from './errors.js';
import { queueKeys } from './queue-codec.js';

/** KEYS: layout hash. ARGV: initial shards. Creates the layout if missing; returns shards, from ('' = none), version. */
const LOAD = `
if redis.call('EXISTS', KEYS[1]) == 0 then
  redis.call('HSET', KEYS[1], 'shards', ARGV[1], 'from', '', 'version', 1)
end
return redis.call('HMGET', KEYS[1], 'shards', 'from', 'version')
`;

/** KEYS: layout hash. ARGV: expected version, shards, from ('' = none). Returns 1 when replaced. */
const REPLACE = `
if redis.call('HGET', KEYS[1], 'version') ~= ARGV[1] then return 0 end
redis.call('HSET', KEYS[1], 'shards', ARGV[2], 'from', ARGV[3])
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

  async load(initialShards: number): Promise<ShardLayout> {
    const [shards, from, version] = (await this.run('loadLayout', () =>
      this.client.eval(LOAD, 1, this.key, initialShards),
    )) as [string, string, string];
    return {
      shards: Number(shards),
      ...(from === '' ? {} : { rebalancingFrom: Number(from) }),
      version: Number(version),
    };
  }

  async replace(expectedVersion: number, next: Omit<ShardLayout, 'version'>): Promise<boolean> {
    const from = next.rebalancingFrom === undefined ? '' : String(next.rebalancingFrom);
    const replaced = await this.run('replaceLayout', () =>
      this.client.eval(REPLACE, 1, this.key, expectedVersion, next.shards, from),
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
