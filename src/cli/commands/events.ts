import type { Command } from 'commander';
import { isInvalidPatternError, matchesPattern } from '../../events/pattern/index.js';
import { withConfigOptions } from '../app-options.js';
import { registerServe } from './events-serve.js';
import { CliInputError, out, usageErrors, withEventBus } from './rules.js';

/** Exit code for input the user must fix, as elsewhere in the CLI. */
const USAGE_ERROR = 2;

/**
 * `whispersync events test-pattern --pattern '<json>' --event '<json>'`: prints `true` or `false`, like
 * `aws events test-event-pattern`; a pattern EventBridge would reject, or JSON that does not parse,
 * exits 2 with the reason on stderr. Output goes through commander's output configuration, so a program
 * that configures it (tests do) receives it.
 */
export function registerEventsCommand(program: Command): Command {
  const events = program
    .command('events')
    .description('the event bus: test patterns, replay the archive, manage dead-lettered deliveries');
  events
    .command('test-pattern')
    .description('say whether an event matches an EventBridge event pattern: prints true or false')
    .requiredOption('--pattern <json>', 'the event pattern, as JSON')
    .requiredOption('--event <json>', 'the event, as JSON')
    .action(function (this: Command, opts: { pattern: string; event: string }) {
      const fail = (message: string) =>
        this.error(`whispersync: ${message}`, { exitCode: USAGE_ERROR, code: 'whispersync.invalidInput' });
      const pattern = parseFlag('--pattern', opts.pattern);
      const event = parseFlag('--event', opts.event);
      if (!pattern.ok) return fail(pattern.problem);
      if (!event.ok) return fail(event.problem);
      if (typeof event.value !== 'object' || event.value === null || Array.isArray(event.value)) {
        return fail('--event must be a JSON object');
      }
      let matched: boolean;
      try {
        matched = matchesPattern(pattern.value, event.value);
      } catch (error) {
        if (isInvalidPatternError(error)) return fail(error.message);
        throw error;
      }
      this.configureOutput().writeOut?.(`${matched}\n`);
    });
  registerReplay(events);
  registerServe(events);
  registerArchive(events);
  registerDeadLetters(events);
  return events;
}

/** `events replay --from <ISO> --to <ISO> [--rule <name>]` */
function registerReplay(events: Command): void {
  withConfigOptions(
    events
      .command('replay')
      .description('deliver archived events of a time range again to the targets of matching rules')
      .requiredOption('--from <time>', 'ISO-8601 time: events at or after it')
      .requiredOption('--to <time>', 'ISO-8601 time: events before it')
      .option('--rule <name>', "only this rule's targets"),
  ).action(
    usageErrors(async function (this: Command, opts: Record<string, unknown>) {
      const from = isoFlag('--from', opts.from);
      const to = isoFlag('--to', opts.to);
      if (from >= to) throw new CliInputError('--from must be before --to');
      const replayOptions = typeof opts.rule === 'string' ? { from, to, rule: opts.rule } : { from, to };
      const result = await withEventBus(opts, (bus) => bus.replay(replayOptions));
      out(
        this,
        `replay ${result.replayId}: ${result.events} archived events, enqueued ${result.enqueued} deliveries\n`,
      );
    }),
  );
}

/** `events archive list [--from --to] [--json]`, `events archive prune [--older-than <ISO>]` */
function registerArchive(events: Command): void {
  const archive = events.command('archive').description('the archive of published events');
  withConfigOptions(
    archive
      .command('list')
      .description('show archived events, oldest first')
      .option('--from <time>', 'ISO-8601 time: events at or after it')
      .option('--to <time>', 'ISO-8601 time: events before it')
      .option('--limit <n>', 'at most this many', '100')
      .option('--json', 'print one JSON object'),
  ).action(
    usageErrors(async function (this: Command, opts: Record<string, unknown>) {
      const query: { from?: number; to?: number; limit: number } = { limit: Number(opts.limit) };
      if (opts.from !== undefined) query.from = isoFlag('--from', opts.from).getTime();
      if (opts.to !== undefined) query.to = isoFlag('--to', opts.to).getTime();
      const archived = await withEventBus(opts, async (bus) => bus.listArchive(query));
      if (opts.json) {
        out(this, `${JSON.stringify({ events: archived.map((a) => a.event) })}\n`);
        return;
      }
      if (archived.length === 0) out(this, 'no archived events in that range\n');
      for (const { event } of archived) {
        out(this, `${event.time} ${event['detail-type']} ${event.id} ${JSON.stringify(event.detail)}\n`);
      }
    }),
  );
  withConfigOptions(
    archive
      .command('prune')
      .description('delete archived events older than the retention (30 days) or --older-than')
      .option('--older-than <time>', 'ISO-8601 time'),
  ).action(
    usageErrors(async function (this: Command, opts: Record<string, unknown>) {
      const before = opts.olderThan === undefined ? undefined : isoFlag('--older-than', opts.olderThan);
      const pruned = await withEventBus(opts, async (bus) => bus.pruneArchive(before));
      out(this, `pruned ${pruned} archived events\n`);
    }),
  );
}

/** `events dlq list|redrive --target <id>` */
function registerDeadLetters(events: Command): void {
  const dlq = events.command('dlq').description('deliveries that ran out of retries, per target');
  withConfigOptions(
    dlq
      .command('list')
      .description('show dead-lettered deliveries with their last error')
      .option('--target <id>', 'only this target')
      .option('--limit <n>', 'at most this many', '100')
      .option('--json', 'print one JSON object'),
  ).action(
    usageErrors(async function (this: Command, opts: Record<string, unknown>) {
      const target = typeof opts.target === 'string' ? opts.target : undefined;
      const letters = await withEventBus(opts, async (bus) =>
        bus.listDeadLetters(target, Number(opts.limit)),
      );
      if (opts.json) {
        const shown = letters.map(({ delivery: _delivery, ...letter }) => letter);
        out(this, `${JSON.stringify({ deadLetters: shown })}\n`);
        return;
      }
      if (letters.length === 0) out(this, 'no dead-lettered deliveries\n');
      for (const l of letters) {
        out(
          this,
          `${l.id} target ${l.targetId} event ${l.eventId}: ${l.attempts} attempts, dead since ${new Date(l.deadLetteredAt).toISOString()}: ${l.lastError ?? '(no error recorded)'}\n`,
        );
      }
    }),
  );
  withConfigOptions(
    dlq
      .command('redrive')
      .description("put a target's dead-lettered deliveries back on its queue, with a fresh retry window")
      .requiredOption('--target <id>', 'the target')
      .argument('[ids...]', 'only these dead letters'),
  ).action(
    usageErrors(async function (this: Command, ids: string[], opts: Record<string, unknown>) {
      const only = ids.length > 0 ? ids.map(Number) : undefined;
      const moved = await withEventBus(opts, (bus) => bus.redriveDeadLetters(String(opts.target), only));
      out(
        this,
        `redrove ${moved} deliveries; the dispatcher (\`whispersync run\` or \`work\`) delivers them\n`,
      );
    }),
  );
}

function isoFlag(flag: string, value: unknown): Date {
  const text = String(value);
  const date = new Date(text);
  if (!/^\d{4}-\d{2}-\d{2}/.test(text) || Number.isNaN(date.getTime())) {
    throw new CliInputError(`${flag} must be an ISO-8601 time such as 2026-01-31T00:00:00Z, got "${text}"`);
  }
  return date;
}

function parseFlag(
  flag: string,
  text: string,
): { ok: true; value: unknown } | { ok: false; problem: string } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    return { ok: false, problem: `${flag} is not valid JSON: ${(error as Error).message}` };
  }
}
