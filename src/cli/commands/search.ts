import { Command } from 'commander';
import { InvalidMemoError } from '../../domain/errors.js';
import type { SearchFilters, SearchHit } from '../../ports/memory-search.js';
import { isIsoDay, isSentimentLabel, SENTIMENT_LABELS } from '../../search/filters.js';
import { queryTerms } from '../../search/query-terms.js';
import { searchMemories } from '../../search/search-memories.js';
import { withApp, withConfigOptions } from '../app-options.js';

const MAX_LIMIT = 1000;

export const searchCommand = withConfigOptions(
  new Command('search')
    .description('find memories by their words, best match first, with the matched words in [brackets]')
    .argument('<query...>', 'words to look for; memories with all of them first, else any of them')
    .option('--from <YYYY-MM-DD>', 'only memories recorded on or after this day (UTC)')
    .option('--to <YYYY-MM-DD>', 'only memories recorded on or before this day (UTC)')
    .option('--person <name>', 'only memories that name this person (any case)')
    .option('--sentiment <label>', `only memories of this sentiment: ${SENTIMENT_LABELS.join('|')}`)
    .option('--limit <n>', 'at most this many', '10')
    .option('--json', 'print one JSON object'),
).action(async (words: string[], opts: Record<string, unknown>) => {
  const query = words.join(' ');
  queryTerms(query); // no words → exit 2 before opening anything
  const filters = filtersFrom(opts);
  const limit = limitFrom(opts.limit);
  const { hits, reindexed } = await withApp(opts, async (app) => {
    const result = await searchMemories(app, query, filters, limit);
    app.log.debug({ reindexed: result.reindexed }, 'memory search index brought up to date');
    return result;
  });
  if (opts.json) {
    process.stdout.write(`${JSON.stringify({ query, filters, hits, reindexed })}\n`);
    return;
  }
  if (hits.length === 0) {
    process.stdout.write(`no memory matches ${JSON.stringify(query)}${describe(filters)}\n`);
    return;
  }
  process.stdout.write(`${hits.map(blockOf).join('\n')}`);
});

/** The filter flags as SearchFilters; a bad value names its flag (exit 2). */
function filtersFrom(opts: Record<string, unknown>): SearchFilters {
  const filters: SearchFilters = {};
  for (const flag of ['from', 'to'] as const) {
    const value = opts[flag];
    if (typeof value !== 'string') continue;
    if (!isIsoDay(value))
      throw new InvalidMemoError(`--${flag} ${value}`, 'is not a day; use YYYY-MM-DD, e.g. 2026-11-01');
    filters[flag] = value;
  }
  if (filters.from !== undefined && filters.to !== undefined && filters.from > filters.to)
    throw new InvalidMemoError(`--from ${filters.from}`, `is after --to ${filters.to}; nothing can match`);
  if (typeof opts.person === 'string') {
    if (opts.person.trim() === '') throw new InvalidMemoError('--person', 'is empty; give a name, e.g. Dad');
    filters.person = opts.person;
  }
  if (typeof opts.sentiment === 'string') {
    if (!isSentimentLabel(opts.sentiment))
      throw new InvalidMemoError(
        `--sentiment ${opts.sentiment}`,
        `is not one of ${SENTIMENT_LABELS.join(', ')}`,
      );
    filters.sentiment = opts.sentiment;
  }
  return filters;
}

function limitFrom(value: unknown): number {
  const limit = Number(value);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT)
    throw new InvalidMemoError(`--limit ${String(value)}`, `must be a whole number from 1 to ${MAX_LIMIT}`);
  return limit;
}

function describe(filters: SearchFilters): string {
  const parts = Object.entries(filters).map(([name, value]) => `${name} ${value}`);
  return parts.length === 0 ? '' : ` (${parts.join(', ')})`;
}

/** One hit as a person reads it: when and how well, the passage, then what the memory is about. */
function blockOf(hit: SearchHit): string {
  const list = (items: readonly string[]) => (items.length === 0 ? '-' : items.join(', '));
  const when = hit.recordedAt.replace('T', ' ').slice(0, 16);
  return [
    `${when}  score ${hit.score.toFixed(2)}  memo ${hit.memoId}`,
    `  ${hit.snippet.replace(/\s+/g, ' ').trim()}`,
    `  people: ${list(hit.people)} | places: ${list(hit.places)} | sentiment: ${hit.sentiment.label} (${hit.sentiment.score}) | tags: ${list(hit.tags)}`,
    '',
  ].join('\n');
}
