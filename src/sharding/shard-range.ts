import { ConfigError } from '../domain/errors.js';

/**
 * The shards a worker consumes, from `0-3`, `5` or `0-1,6`: the set of shard numbers, or throws a
 * ConfigError naming the part that is wrong. Producers are not limited: they send to every shard.
 */
export function parseShardRange(text: string, setting = 'shards'): ReadonlySet<number> {
  const shards = new Set<number>();
  for (const part of text.split(',')) {
    const match = /^\s*(\d+)\s*(?:-\s*(\d+)\s*)?$/.exec(part);
    const from = Number(match?.[1]);
    const to = Number(match?.[2] ?? match?.[1]);
    if (!match || from > to || to > 1023) {
      throw new ConfigError([
        `${setting} = ${JSON.stringify(text)}: "${part}" is not a shard or range of shards (e.g. 0-3, 5, 0-1,6; shards 0-1023)`,
      ]);
    }
    for (let shard = from; shard <= to; shard++) shards.add(shard);
  }
  return shards;
}
