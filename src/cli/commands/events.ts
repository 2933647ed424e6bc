import type { Command } from 'commander';
import { isInvalidPatternError, matchesPattern } from '../../events/pattern/index.js';

/** Exit code for input the user must fix, as elsewhere in the CLI. */
const USAGE_ERROR = 2;

/**
 * `whispersync events test-pattern --pattern '<json>' --event '<json>'`: prints `true` or `false`, like
 * `aws events test-event-pattern`; a pattern EventBridge would reject, or JSON that does not parse,
 * exits 2 with the reason on stderr. Output goes through commander's output configuration, so a program
 * that configures it (tests do) receives it.
 */
export function registerEventsCommand(program: Command): Command {
  const events = program.command('events').description('work with EventBridge event patterns');
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
  return events;
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
