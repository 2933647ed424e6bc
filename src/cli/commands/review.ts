import { Command } from 'commander';
import { assignReviewedMemo } from '../../app/review.js';
import { InvalidMemoError } from '../../domain/errors.js';
import { routeFromName } from '../../domain/route.js';
import { withApp, withConfigOptions } from '../app-options.js';

const list = withConfigOptions(
  new Command('list')
    .description('show memos waiting for a person, with what the classifier thought')
    .option('--limit <n>', 'at most this many', '100')
    .option('--json', 'print one JSON object'),
).action(async (opts: Record<string, unknown>) => {
  const items = await withApp(opts, (app) => app.store.listReview(Number(opts.limit)));
  if (opts.json) {
    process.stdout.write(`${JSON.stringify({ review: items })}\n`);
    return;
  }
  if (items.length === 0) process.stdout.write('nothing waits for review\n');
  for (const { memo, routing } of items) {
    const excerpt = (memo.text ?? '(transcript in the blob store)').replace(/\s+/g, ' ').slice(0, 80);
    process.stdout.write(
      `${memo.id} ${memo.source.path} (${(routing.confidence * 100).toFixed(0)}% sure; ${routing.reasons.join(', ') || 'no clear words'}): ${excerpt}\n`,
    );
  }
});

const assign = withConfigOptions(
  new Command('assign')
    .description('route a memo in review and put it back on the queue')
    .argument('<memoId>', 'id from `whispersync review list`')
    .argument('<route>', 'work, memories or ideas'),
).action(async (memoId: string, routeName: string, opts: Record<string, unknown>) => {
  const route = routeFromName(routeName);
  if (!route) throw new InvalidMemoError(`route ${routeName}`, 'is not one of work, memories, ideas');
  await withApp(opts, (app) => assignReviewedMemo(app, memoId, route));
  process.stdout.write(
    `memo ${memoId} goes to ${route}; run \`whispersync work --drain\` or \`whispersync run\` to process it\n`,
  );
});

export const reviewCommand = new Command('review')
  .description('memos no route was sure enough of: list them, assign a route')
  .addCommand(list)
  .addCommand(assign);
