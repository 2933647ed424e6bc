/**
 * The shard layout port: how many shards a sharded queue has, kept beside the queue (a table in the
 * SQLite queue's database, a key on the Redis server) so that every producer and worker agrees on
 * it, whatever flags each process was started with. A rebalance changes it by compare-and-set.
 */

export interface ShardLayout {
  /** Producers place each message on one of this many shards (`shardOf(key, shards)`). */
  shards: number;
  /**
   * Set while a rebalance is unfinished: the count before it. Consumers then read
   * `max(shards, rebalancingFrom)` shards, so nothing waiting on a shard being emptied is stranded.
   */
  rebalancingFrom?: number;
  /**
   * The shard key producers hash (`memo`, `user`), recorded by the first process that named one.
   * With more than one shard it cannot change: messages already waiting were placed by it.
   */
  key?: string;
  /** Bumped by every change; {@link ShardLayoutStore.replace} compares it. */
  version: number;
}

export interface ShardLayoutStore {
  /**
   * The queue's layout; the first caller ever creates it with `initialShards` shards. `key`, when
   * given, is recorded as the shard key unless the layout has one already.
   */
  load(initialShards: number, key?: string): Promise<ShardLayout>;
  /**
   * Replaces the layout if it is still at `expectedVersion`; false when another process changed it
   * first (load it again and decide again). A `next` without `key` keeps the recorded key.
   */
  replace(expectedVersion: number, next: Omit<ShardLayout, 'version'>): Promise<boolean>;
}
