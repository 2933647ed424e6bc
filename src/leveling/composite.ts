import { checkMillis } from '../adapters/queue-support.js';
import type { BatchFailure, DeadLetter, Queue, QueueStats } from '../ports/queue.js';

// What a queue made of other queues (leveled: primary + overflow; sharded: N leveled) needs the same
// way: adding up stats, merging dead letters, and sending each receipt handle to the queue it names.

export const EMPTY_STATS: Readonly<QueueStats> = {
  visible: 0,
  inFlight: 0,
  delayed: 0,
  oldestAgeMs: 0,
  deadLettered: 0,
};

/** Counts add up; the oldest age is the oldest of any part. */
export function sumStats(parts: readonly QueueStats[]): QueueStats {
  const sum = { ...EMPTY_STATS };
  for (const s of parts) {
    sum.visible += s.visible;
    sum.inFlight += s.inFlight;
    sum.delayed += s.delayed;
    sum.deadLettered += s.deadLettered;
    sum.oldestAgeMs = Math.max(sum.oldestAgeMs, s.oldestAgeMs);
  }
  return sum;
}

/** The oldest `limit` dead letters of all parts (each part lists its own oldest first). */
export async function listDeadLettersOf<T>(
  parts: readonly Queue<T>[],
  limit: number,
): Promise<DeadLetter<T>[]> {
  const lists = await Promise.all(parts.map((q) => q.listDeadLetters(limit)));
  return lists
    .flat()
    .sort((a, b) => a.deadLetteredAt - b.deadLetteredAt)
    .slice(0, limit);
}

/** A composite's receipt handle resolved to the part that issued it and that part's own handle. */
export interface RoutedHandle<T> {
  queue: Queue<T>;
  handle: string;
}

/**
 * deleteBatch over parts: one call per part with its handles, failures reported under the caller's
 * handles in the caller's order (partial batch failure, as the port promises).
 *
 * @param route the part for a handle, or why the handle names none
 * @param onDeleted told how many messages each part deleted
 */
export async function deleteRouted<T>(
  handles: readonly string[],
  route: (handle: string) => RoutedHandle<T> | string,
  onDeleted?: (queue: Queue<T>, deleted: number) => void,
): Promise<BatchFailure[]> {
  let reasons: Map<number, string> | undefined;
  const fail = (index: number, reason: string) => {
    reasons ??= new Map();
    reasons.set(index, reason);
  };
  const groups = new Map<Queue<T>, { indexes: number[]; handles: string[] }>();
  for (let index = 0; index < handles.length; index++) {
    const routed = route(handles[index]!);
    if (typeof routed === 'string') {
      fail(index, routed);
      continue;
    }
    const group = groups.get(routed.queue) ?? { indexes: [], handles: [] };
    groups.set(routed.queue, group);
    group.indexes.push(index);
    group.handles.push(routed.handle);
  }
  for (const [queue, group] of groups) {
    const failures = await queue.deleteBatch(group.handles);
    if (failures.length > 0) {
      const failed = new Map(failures.map((f) => [f.id, f.reason]));
      group.handles.forEach((handle, j) => {
        const reason = failed.get(handle);
        if (reason !== undefined) fail(group.indexes[j]!, reason);
      });
    }
    onDeleted?.(queue, group.handles.length - failures.length);
  }
  if (!reasons) return [];
  const found = reasons;
  return [...found.keys()]
    .sort((a, b) => a - b)
    .map((index) => ({ id: String(handles[index]), reason: found.get(index)! }));
}

/**
 * changeVisibility and release on the part a composite handle names; false (as the port says for a
 * stale or unknown handle) when it names none.
 */
export function routedHandleOps<T>(route: (handle: string) => RoutedHandle<T> | string) {
  return {
    async changeVisibility(receiptHandle: string, visibilityMs: number): Promise<boolean> {
      checkMillis('visibilityMs', visibilityMs);
      const routed = route(receiptHandle);
      return typeof routed !== 'string' && routed.queue.changeVisibility(routed.handle, visibilityMs);
    },
    async release(receiptHandle: string, options: { delayMs: number; error?: string }): Promise<boolean> {
      checkMillis('delayMs', options.delayMs);
      const routed = route(receiptHandle);
      return typeof routed !== 'string' && routed.queue.release(routed.handle, options);
    },
  };
}
