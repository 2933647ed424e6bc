import { createRequire } from 'node:module';

type Chrono = typeof import('chrono-node');

let loaded: Chrono | undefined;

/**
 * chrono-node, loaded on first use. Loading it costs ~120 ms of CPU in every thread that reads
 * memos, and most memos never reach it: only sentences that look like they hold a calendar date do.
 */
export function chrono(): Chrono {
  loaded ??= createRequire(import.meta.url)('chrono-node') as Chrono;
  return loaded;
}
