import { resolve } from 'node:path';
import { Command } from 'commander';
import { openSqlite } from '../../adapters/sqlite/database.js';
import { busDatabaseFile } from '../../app/open-store.js';
import { isWhisperSyncError, WhisperSyncError } from '../../domain/errors.js';
import { type EventBus, type EventRule, openEventBus, parseRule, type Target } from '../../events/index.js';
import { loadRulesFile } from '../../events/rules-file.js';
import { configFrom, withConfigOptions } from '../app-options.js';

/** Exit code for input the user must fix, as elsewhere in the CLI. */
const USAGE_ERROR = 2;

/**
 * Opens the event bus on the configured store's SQLite file for one command and closes it after.
 * (The bus lives beside the store; `WhisperSync` does not expose its database yet.)
 */
export async function withEventBus<T>(
  opts: Record<string, unknown>,
  action: (bus: EventBus) => Promise<T>,
): Promise<T> {
  const config = configFrom(opts);
  const db = openSqlite(busDatabaseFile(config));
  try {
    const bus = openEventBus(db);
    try {
      return await action(bus);
    } finally {
      await bus.close();
    }
  } finally {
    db.close();
  }
}

/** Runs a command action; a WhisperSync error (bad rule, bad file, bad JSON) exits 2 with its message. */
export function usageErrors<A extends unknown[]>(
  action: (this: Command, ...args: A) => Promise<void>,
): (this: Command, ...args: A) => Promise<void> {
  return async function (this: Command, ...args: A) {
    try {
      await action.apply(this, args);
    } catch (error) {
      if (isWhisperSyncError(error)) {
        this.error(`whispersync: ${error.message}`, {
          exitCode: USAGE_ERROR,
          code: 'whispersync.invalidInput',
        });
      }
      throw error;
    }
  };
}

/** Writes through commander's output configuration, so a program that configures it (tests) gets it. */
export const out = (command: Command, text: string): void => {
  command.configureOutput().writeOut?.(text);
};

/** A target as shown: secrets masked. */
function shownTarget(target: Target): Target {
  return target.type === 'webhook' ? { ...target, secret: '***' } : target;
}

function describeTarget(target: Target): string {
  const where =
    target.type === 'webhook'
      ? target.url
      : target.type === 'queue'
        ? `queue ${target.queue}`
        : target.handler;
  return `${target.id} (${target.type} ${where})`;
}

function parseJson(flag: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new CliInputError(`${flag} is not valid JSON: ${(error as Error).message}`);
  }
}

/** Command-line input that cannot be used: exits 2. */
export class CliInputError extends WhisperSyncError {
  override readonly name = 'CliInputError';
}

/** `whispersync rules list|add|remove|load`: the event bus's rules, stored in the database. */
export function createRulesCommand(): Command {
  const rules = new Command('rules').description('manage event rules: which events go to which targets');

  rules.addCommand(
    withConfigOptions(
      new Command('list').description('show the rules').option('--json', 'print JSON'),
    ).action(
      usageErrors(async function (this: Command, opts: Record<string, unknown>) {
        const list = await withEventBus(opts, async (bus) => bus.rules.list());
        if (opts.json) {
          const shown = list.map((rule) => ({ ...rule, targets: rule.targets.map(shownTarget) }));
          out(this, `${JSON.stringify({ rules: shown })}\n`);
          return;
        }
        if (list.length === 0) out(this, 'no rules\n');
        for (const rule of list) {
          out(
            this,
            `${rule.name}${rule.enabled ? '' : ' (disabled)'}: ${JSON.stringify(rule.pattern)} -> ${rule.targets.map(describeTarget).join(', ')}\n`,
          );
        }
      }),
    ),
  );

  rules.addCommand(
    withConfigOptions(
      new Command('add')
        .description('add a rule (or replace the rule of that name)')
        .requiredOption('--name <name>', 'rule name')
        .requiredOption('--pattern <json>', 'EventBridge event pattern, as JSON')
        .requiredOption(
          '--target <json>',
          'a target as JSON, e.g. {"id":"hook","type":"webhook","url":"https://…","secret":"…"}; repeatable',
          (value: string, previous: string[] = []) => [...previous, value],
        )
        .option('--description <text>', 'what the rule is for')
        .option('--disabled', 'store it without routing events yet'),
    ).action(
      usageErrors(async function (this: Command, opts: Record<string, unknown>) {
        const definition: Record<string, unknown> = {
          name: opts.name,
          pattern: parseJson('--pattern', String(opts.pattern)),
          targets: (opts.target as string[]).map((t, i) => parseJson(`--target #${i + 1}`, t)),
          enabled: !opts.disabled,
        };
        if (typeof opts.description === 'string') definition.description = opts.description;
        const rule: EventRule = parseRule(definition, String(opts.name));
        await withEventBus(opts, async (bus) => bus.rules.put([rule]));
        out(this, `rule ${rule.name}: ${rule.targets.length} target(s)\n`);
      }),
    ),
  );

  rules.addCommand(
    withConfigOptions(
      new Command('remove').description('remove a rule').argument('<name>', 'rule name'),
    ).action(
      usageErrors(async function (this: Command, name: string, opts: Record<string, unknown>) {
        const removed = await withEventBus(opts, async (bus) => bus.rules.remove(name));
        if (!removed) throw new CliInputError(`no rule named "${name}"`);
        out(this, `removed rule ${name}\n`);
      }),
    ),
  );

  rules.addCommand(
    withConfigOptions(
      new Command('load')
        .description('add (or replace by name) the rules of a JSON or YAML file')
        .argument('<file>', 'a list of rules, or { rules: [...] }'),
    ).action(
      usageErrors(async function (this: Command, file: string, opts: Record<string, unknown>) {
        const loaded = loadRulesFile(file);
        await withEventBus(opts, async (bus) => bus.rules.put(loaded, `file:${resolve(file)}`));
        out(this, `loaded ${loaded.length} rules from ${file}\n`);
      }),
    ),
  );
  return rules;
}

export const rulesCommand = createRulesCommand();
