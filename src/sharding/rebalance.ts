import { checkBuckets } from './jump-hash.js';
import { shardOf } from './shard-of.js';

/** One key that changes shard. */
export interface KeyMove {
  key: string;
  from: number;
  to: number;
}

/** How many keys go from one shard to another. */
export interface ShardFlow {
  from: number;
  to: number;
  count: number;
}

/** What changing the shard count does to a set of keys (see {@link planRebalance}). */
export interface RebalancePlan {
  from: number;
  to: number;
  /** Keys looked at. */
  total: number;
  /** Every key whose shard changes, in the order the keys were given. */
  moves: KeyMove[];
  /** The moves summed per (from, to) pair, sorted by from then to. */
  flows: ShardFlow[];
  /** moves.length / total (0 for no keys). */
  movedFraction: number;
}

/**
 * Which keys move, from which shard to which, when the shard count changes from `from` to `to`
 * (the plan behind `whispersync shards rebalance --to M`). With jump hashing, growing moves keys
 * only into the new shards, and shrinking moves only the keys of the removed shards (the highest
 * numbered ones: shards are always 0..n-1).
 *
 * @param keys shard keys (see `shardKeyOf`), e.g. those of the messages waiting on the queues
 * @example planRebalance(4, 5, ids).flows // [{ from: 0, to: 4, count: … }, …]
 */
export function planRebalance(from: number, to: number, keys: Iterable<string>): RebalancePlan {
  checkBuckets(from);
  checkBuckets(to);
  const moves: KeyMove[] = [];
  const flows = new Map<string, ShardFlow>();
  let total = 0;
  for (const key of keys) {
    total++;
    if (from === to) continue;
    const before = shardOf(key, from);
    const after = shardOf(key, to);
    if (before === after) continue;
    moves.push({ key, from: before, to: after });
    const id = `${before}>${after}`;
    const flow = flows.get(id);
    if (flow) flow.count++;
    else flows.set(id, { from: before, to: after, count: 1 });
  }
  return {
    from,
    to,
    total,
    moves,
    flows: [...flows.values()].sort((a, b) => a.from - b.from || a.to - b.to),
    movedFraction: total === 0 ? 0 : moves.length / total,
  };
}
