import { LeveledQueue } from '../leveling/leveled-queue.js';
import type { LevelingOptions } from '../leveling/watermarks.js';
import type { Queue } from '../ports/queue.js';

/** What a sharded queue asks of an adapter for each of its sub-queues. */
export interface SubQueueOptions {
  /** The sub-queue's own name (see {@link shardQueueName}). */
  name: string;
  /** The sharded queue's name: every sub-queue shares its dedup ids and message ids. */
  scope: string;
  /** Set for the rebalancer's sends, whose dedup ids must outlive a crash and a late rerun. */
  dedupWindowMs?: number;
}

/** Opens one sub-queue on the configured backend. */
export type OpenSubQueue<T> = (options: SubQueueOptions) => Queue<T>;

/**
 * Shard `i`'s primary queue. Shard 0 keeps the plain name, so a queue from before sharding is
 * shard 0 of a one-shard queue, unchanged; the others are `<name>.s<i>`.
 */
export function shardQueueName(name: string, shard: number): string {
  return shard === 0 ? name : `${name}.s${shard}`;
}

/** Where shard `i`'s primary spills over. */
export function overflowQueueName(name: string, shard: number): string {
  return `${shardQueueName(name, shard)}.overflow`;
}

export type ShardLevelingOptions = Partial<LevelingOptions> & { pollIntervalMs?: number };

/** The leveled queue of each shard, opened on first use and kept until close. */
export class ShardSet<T> {
  private readonly shards: LeveledQueue<T>[] = [];

  constructor(
    readonly name: string,
    private readonly open: OpenSubQueue<T>,
    private readonly leveling: ShardLevelingOptions,
    private readonly overrides: { dedupWindowMs?: number } = {},
  ) {}

  get(shard: number): LeveledQueue<T> {
    return this.shards[shard] ?? this.openShard(shard);
  }

  /** Shards 0 to count - 1. */
  range(count: number): LeveledQueue<T>[] {
    return Array.from({ length: count }, (_, shard) => this.get(shard));
  }

  /** Whether shard `shard` was opened by this set. */
  has(shard: number): boolean {
    return this.shards[shard] !== undefined;
  }

  private openShard(shard: number): LeveledQueue<T> {
    const sub = (name: string) => this.open({ name, scope: this.name, ...this.overrides });
    const queue = new LeveledQueue(
      sub(shardQueueName(this.name, shard)),
      sub(overflowQueueName(this.name, shard)),
      {
        ...this.leveling,
        name: shardQueueName(this.name, shard),
      },
    );
    this.shards[shard] = queue;
    return queue;
  }

  async close(): Promise<void> {
    for (const shard of this.shards) await shard?.close();
  }
}
