/**
 * `npm run bench -- <name> [args]`: runs one benchmark, which prints one JSON line per figure.
 * Benchmarks are not tests: they measure, and targets are compared in the notes, not asserted.
 */
const BENCHES: Record<string, () => Promise<{ run(args: string[]): Promise<void> }>> = {
  cache: () => import('./cache.js'),
  classify: () => import('./classify.js'),
  events: () => import('./events.js'),
  pipeline: () => import('./pipeline.js'),
  // `queue --backend redis` runs our Redis adapter beside BullMQ on the same Redis.
  queue: () =>
    /--backend[= ]redis\b/.test(process.argv.join(' ')) ? import('./queue-redis.js') : import('./queue.js'),
  sharding: () => import('./sharding.js'),
  stages: () => import('./stages.js'),
};

const [name, ...args] = process.argv.slice(2);
const load = name ? BENCHES[name] : undefined;
if (!load) {
  console.error(`usage: npm run bench -- <${Object.keys(BENCHES).join('|')}> [args]`);
  process.exit(2);
}
await (await load()).run(args);
