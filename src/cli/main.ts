#!/usr/bin/env node
import { Command } from 'commander';
import { isConfigError, isInvalidMemoError, isQueueBusyError } from '../domain/errors.js';
import { classifyCommand } from './commands/classify.js';
import { dlqCommand } from './commands/dlq.js';
import { evalCommand } from './commands/eval.js';
import { registerEventsCommand } from './commands/events.js';
import { exportCommand } from './commands/export.js';
import { ingestCommand } from './commands/ingest.js';
import { metricsCommand } from './commands/metrics.js';
import { reviewCommand } from './commands/review.js';
import { rulesCommand } from './commands/rules.js';
import { runCommand } from './commands/run.js';
import { scaleCommand } from './commands/scale.js';
import { searchCommand } from './commands/search.js';
import { shardsCommand } from './commands/shards.js';
import { statusCommand } from './commands/status.js';
import { workCommand } from './commands/work.js';

const program = new Command('whispersync')
  .description('Turns voice memos into a work journal, a memories archive and an idea backlog.')
  .addCommand(runCommand)
  .addCommand(ingestCommand)
  .addCommand(workCommand)
  .addCommand(exportCommand)
  .addCommand(statusCommand)
  .addCommand(dlqCommand)
  .addCommand(reviewCommand)
  .addCommand(rulesCommand)
  .addCommand(scaleCommand)
  .addCommand(shardsCommand)
  .addCommand(metricsCommand)
  .addCommand(searchCommand)
  .addCommand(classifyCommand)
  .addCommand(evalCommand);

registerEventsCommand(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  // Exit 2 for what the user must fix before anything can run; 1 for everything else.
  if (isConfigError(error) || isInvalidMemoError(error)) {
    process.stderr.write(`whispersync: ${error.message}\n`);
    process.exitCode = 2;
  } else if (isQueueBusyError(error)) {
    // Not a crash: the queue is full for now, and the message says when to try again.
    process.stderr.write(`whispersync: ${error.message}\n`);
    process.exitCode = 75;
  } else {
    process.stderr.write(
      `whispersync: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exitCode = 1;
  }
}
