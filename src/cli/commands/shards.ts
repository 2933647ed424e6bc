import { Command, InvalidArgumentError } from 'commander';
import type { RebalanceEvent } from '../../sharding/rebalance-queue.js';
import { shutdownSignal, withApp, withConfigOptions } from '../app-options.js';
import { describeShards } from './status.js';

/** Exit code of a rebalance that has to be run again to finish (EX_TEMPFAIL). */
const UNFINISHED = 75;

const status = withConfigOptions(
  new Command('status')
    .description('the shard layout and every shard’s primary and overflow depths')
    .option('--json', 'print one JSON object'),
).action(async (opts: Record<string, unknown>) => {
  const { layout, byShard } = await withApp(opts, async (app) => {
    const { version: _, ...layout } = await app.shards.currentLayout();
    return { layout, byShard: await app.shards.shardStats() };
  });
  if (opts.json) process.stdout.write(`${JSON.stringify({ layout, byShard })}\n`);
  else process.stdout.write(`${describeShards({ layout, byShard }).join('\n')}\n`);
});

const rebalance = withConfigOptions(
  new Command('rebalance')
    .description(
      'change the number of shards, moving the messages whose shard changes (safe beside running workers; run again after a crash)',
    )
    .requiredOption('--to <n>', 'the new shard count', shardCount)
    .option(
      '--wait <seconds>',
      'how long to wait for in-flight or delayed messages on the old shards',
      seconds,
      60,
    )
    .option('--json', 'print one JSON object'),
).action(async (opts: Record<string, unknown>) => {
  const signal = shutdownSignal();
  const report = await withApp(opts, (app) =>
    app.shards.rebalance(opts.to as number, {
      waitMs: (opts.wait as number) * 1000,
      visibilityMs: app.config.visibilityTimeoutMs,
      signal,
      onProgress: (event) => process.stderr.write(`${describeEvent(event)}\n`),
    }),
  );
  if (opts.json) process.stdout.write(`${JSON.stringify(report)}\n`);
  else {
    const { from, to, moved, kept, pending } = report;
    process.stdout.write(`rebalance ${from} → ${to} shards: moved ${moved} messages, ${kept} stayed\n`);
    if (pending) {
      process.stdout.write(
        `not finished: ${pending.inFlight} in flight, ${pending.delayed} delayed and ${pending.deadLettered} dead-lettered ` +
          'messages remain on the old shards (nothing is lost: workers read every shard meanwhile). ' +
          (pending.deadLettered > 0
            ? '`whispersync dlq redrive` or `dlq purge` the dead letters, then run this again.'
            : 'Run this again to finish.'),
      );
      process.stdout.write('\n');
    }
  }
  if (report.pending) process.exitCode = UNFINISHED;
});

export const shardsCommand = new Command('shards')
  .description('the sharded queue: layout, depths per shard, rebalance')
  .addCommand(status)
  .addCommand(rebalance);

function describeEvent(event: RebalanceEvent): string {
  switch (event.kind) {
    case 'started':
      return `${event.resumed ? 'resuming' : 'starting'} rebalance ${event.from} → ${event.to} shards`;
    case 'shard':
      return `shard ${event.shard}: moved ${event.moved}, ${event.kept} stay`;
    case 'waiting':
      return `waiting for ${event.inFlight} in-flight and ${event.delayed} delayed messages on the old shards`;
    case 'busy':
      return `${event.shard} is busy; moving again in ${event.retryAfterSeconds} s`;
  }
}

function shardCount(raw: string): number {
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > 1024) {
    throw new InvalidArgumentError(`--to must be a whole number from 1 to 1024, got "${raw}"`);
  }
  return value;
}

function seconds(raw: string): number {
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0)
    throw new InvalidArgumentError(`must be seconds >= 0, got "${raw}"`);
  return value;
}
