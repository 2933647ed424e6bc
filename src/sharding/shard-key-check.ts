import { ConfigError } from '../domain/errors.js';
import type { ShardLayout } from '../ports/shard-layout.js';

/**
 * Refuses to place messages by another shard key than the one a queue with several shards records.
 * Choosing `user` keeps all of a person's memos on one shard (one consumer, their order); a process
 * placing by `memo` beside it would scatter them, and nothing would say so. Nothing is lost either
 * way (consumers read every shard they were given), so only placing is refused: `status`, `dlq list`
 * or a worker may run with any key. One shard takes any key, since every key picks shard 0.
 * @throws ConfigError naming both keys and the way to change the key
 */
export function checkShardKey(queue: string, layout: ShardLayout, key: string | undefined): void {
  if (key === undefined || layout.key === undefined || layout.key === key) return;
  if (Math.max(layout.shards, layout.rebalancingFrom ?? 0) <= 1) return;
  throw new ConfigError([
    `shardKey: queue "${queue}" has ${layout.shards} shards placed by ${layout.key}, not ${key}: a queue keeps ` +
      `one shard key (by user, all of a person's memos share a shard; mixing keys would break that). ` +
      `Use --shard-key ${layout.key}, or change the key on one shard: \`whispersync shards rebalance --to 1\`, ` +
      `then \`whispersync shards rebalance --to ${layout.shards} --shard-key ${key}\``,
  ]);
}
