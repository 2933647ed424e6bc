import { Command, InvalidArgumentError } from 'commander';
import { decideScaling, initialScalerState, type ScalingDecision } from '../../scaling/decide.js';
import { parseScalingPolicy, type ScalingPolicyInput } from '../../scaling/policy.js';
import { withApp, withConfigOptions } from '../app-options.js';

/**
 * `whispersync scale`: how many workers should run now, by the autoscaling policy, from the queue
 * as it is. For an external scaler (a KEDA external metric, an ECS step, a cron job) that keeps its
 * own cooldowns: each call decides afresh, as if nothing had been scaled recently.
 */
export const scaleCommand = withConfigOptions(
  new Command('scale')
    .description('the number of workers to run now, from queue depth and utilization (autoscaling policy)')
    .option('--desired', 'print only the replica count, for scripts')
    .option('--current <n>', 'workers running now', wholeNumber('--current'), 1)
    .option('--min <n>', 'fewest workers [1]', wholeNumber('--min'))
    .option('--max <n>', 'most workers [100]', wholeNumber('--max'))
    .option('--target-utilization <p>', 'in flight / capacity to hold [0.7]', Number)
    .option('--json', 'print one JSON object: desired, action, observation, policy'),
).action(async (opts: Record<string, unknown>) => {
  const current = opts.current as number;
  const input: ScalingPolicyInput = {};
  if (opts.min !== undefined) input.min = opts.min as number;
  if (opts.max !== undefined) input.max = opts.max as number;
  if (opts.targetUtilization !== undefined) input.targetUtilization = opts.targetUtilization as number;
  const policy = parseScalingPolicy(input);

  const { decision, observation, stats } = await withApp(opts, async (app) => {
    const stats = await app.queue.stats();
    // Capacity of the workers running now: each processes `concurrency` memos at once.
    const observation = {
      at: app.clock(),
      depth: stats.visible,
      inFlight: stats.inFlight,
      concurrency: current * app.config.concurrency,
    };
    return { decision: decideScaling(initialScalerState(current), observation, policy), observation, stats };
  });

  if (opts.json) {
    const { desired, action } = decision;
    const { depth, inFlight, concurrency } = observation;
    const queue = { depth, inFlight, concurrency, delayed: stats.delayed, oldestAgeMs: stats.oldestAgeMs };
    process.stdout.write(`${JSON.stringify({ desired, current, action: action ?? null, queue, policy })}\n`);
  } else if (opts.desired) {
    process.stdout.write(`${decision.desired}\n`);
  } else {
    process.stdout.write(describe(decision, current, observation));
  }
});

function describe(
  decision: ScalingDecision,
  current: number,
  o: { depth: number; inFlight: number; concurrency: number },
): string {
  const utilization = o.concurrency > 0 ? ` (utilization ${(o.inFlight / o.concurrency).toFixed(2)})` : '';
  const why = decision.action
    ? `${decision.action.kind} from ${current}: ${decision.action.reason}`
    : `no change from ${current}`;
  return `queue: ${o.depth} waiting, ${o.inFlight} in flight for ${o.concurrency} slots${utilization}\nrun ${decision.desired} workers (${why})\n`;
}

function wholeNumber(flag: string) {
  return (raw: string): number => {
    const value = Number(raw);
    if (!Number.isInteger(value) || value < 0) {
      throw new InvalidArgumentError(`${flag} must be a whole number, got "${raw}"`);
    }
    return value;
  };
}
