import { Command } from 'commander';
import type { BreakerReport } from '../../app/breaker-board.js';
import { type StatusReport, statusOf } from '../../app/pipeline.js';
import { depthOf } from '../../leveling/depth-gauge.js';
import type { QueueStats } from '../../ports/queue.js';
import { withApp, withConfigOptions } from '../app-options.js';

export const statusCommand = withConfigOptions(
  new Command('status')
    .description('queue depths, in flight, dead letters and memos by route')
    .option('--json', 'print one JSON object'),
).action(async (opts: Record<string, unknown>) => {
  const status = await withApp(opts, (app) => statusOf(app));
  if (opts.json) {
    process.stdout.write(`${JSON.stringify(status)}\n`);
    return;
  }
  const { queue, store, shards, breakers } = status;
  const entries = (o: object) =>
    Object.entries(o)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ') || 'none';
  process.stdout.write(
    `${[
      `queue: ${queue.visible} visible, ${queue.inFlight} in flight, ${queue.delayed} delayed, oldest ${Math.round(queue.oldestAgeMs / 1000)} s`,
      `dead-letter queue: ${queue.deadLettered}`,
      ...describeShards(shards),
      `memos by folder: ${entries(store.byRoute)} (inbox = outside any route folder)`,
      `memos by destination: ${entries(store.byDestination)} (review = waiting for a person)`,
      `memos by status: ${entries(store.byStatus)}`,
      `results: ${store.results}`,
      `breakers: ${breakers.map(breakerLine).join(', ') || 'no state change reported'}`,
    ].join('\n')}\n`,
  );
});

/** One line for the layout, then one per shard: where the messages wait (primary or overflow). */
export function describeShards({ layout, byShard }: StatusReport['shards']): string[] {
  const rebalancing =
    layout.rebalancingFrom === undefined ? '' : ` (rebalancing from ${layout.rebalancingFrom}, unfinished)`;
  const level = (s: QueueStats) =>
    `${depthOf(s)} (${s.visible} visible, ${s.inFlight} in flight, ${s.delayed} delayed)`;
  return [
    `shards: ${layout.shards}${layout.key === undefined ? '' : `, placed by ${layout.key}`}${rebalancing}`,
    ...byShard.map(
      (s) =>
        `  shard ${s.shard}: primary ${level(s.primary)}, overflow ${level(s.overflow)}, dead letters ${s.primary.deadLettered + s.overflow.deadLettered}`,
    ),
  ];
}

/** `transcriber open since 2026-11-24T09:30:00.000Z, trial at …`: what a person checks first in an outage. */
function breakerLine(b: BreakerReport): string {
  return `${b.breaker} ${b.state} since ${b.since}${b.trialAt ? `, trial at ${b.trialAt}` : ''}`;
}
