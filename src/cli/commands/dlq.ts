import { Command } from 'commander';
import { withApp, withConfigOptions } from '../app-options.js';

const list = withConfigOptions(
  new Command('list')
    .description('show dead-lettered memos with their last error')
    .option('--limit <n>', 'at most this many', '100')
    .option('--json', 'print one JSON object'),
).action(async (opts: Record<string, unknown>) => {
  const letters = await withApp(opts, (app) => app.queue.listDeadLetters(Number(opts.limit)));
  if (opts.json) {
    process.stdout.write(`${JSON.stringify({ deadLetters: letters })}\n`);
    return;
  }
  if (letters.length === 0) process.stdout.write('dead-letter queue is empty\n');
  for (const l of letters) {
    process.stdout.write(
      `${l.messageId} memo ${JSON.stringify(l.body)} received ${l.receiveCount}x, dead since ${new Date(l.deadLetteredAt).toISOString()}: ${l.lastError ?? '(no error recorded)'}\n`,
    );
  }
});

const redrive = withConfigOptions(
  new Command('redrive')
    .description(
      'put dead-lettered memos back on the queue (all, or the given message ids) once the cause is fixed',
    )
    .argument('[messageIds...]', 'only these messages'),
).action(async (ids: string[], opts: Record<string, unknown>) => {
  const moved = await withApp(opts, (app) => app.queue.redriveDeadLetters(ids.length > 0 ? ids : undefined));
  process.stdout.write(
    `redrove ${moved} messages; run \`whispersync work --drain\` or \`whispersync run\` to process them\n`,
  );
});

const purge = withConfigOptions(
  new Command('purge').description('delete every dead-lettered message'),
).action(async (opts: Record<string, unknown>) => {
  const purged = await withApp(opts, (app) => app.queue.purgeDeadLetters());
  process.stdout.write(`purged ${purged} messages\n`);
});

export const dlqCommand = new Command('dlq')
  .description('inspect and manage the dead-letter queue')
  .addCommand(list)
  .addCommand(redrive)
  .addCommand(purge);
