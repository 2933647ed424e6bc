/**
 * `npm run bench -- events [--events 200000] [--rules 10,100,1000]`: compiles a rule set of mostly
 * equality rules (`detail.agent_type`, `detail.user_id`) with some prefix, numeric and anything-but
 * rules, then matches already-parsed TranscriptProcessed events against it on one core, in passes of
 * `--events` events for at least a second after half a second of warm-up (`events` in the output is the
 * number timed). One figure per rule-set size and mix, so the lines show how matching cost grows with
 * the number of rules: with the rules tried on every event in the `mixed` set, hardly at all with
 * equality rules alone.
 */
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { compileRules, type Rule } from '../src/events/pattern/index.js';
import { emit } from './emit.js';

const AGENTS = ['work_journal', 'memories', 'ideas'] as const;
const USERS = 1000;
const SENTIMENTS = ['positive', 'neutral', 'negative'] as const;
const DISTINCT_EVENTS = 4096;
/**
 * Passes of `--events` events are timed until this long has passed: one pass of 200,000 events lasts
 * ~20 ms at 10M events/s, so one garbage collection or recompilation in it moved a figure by half.
 */
const MIN_SECONDS = 1;
/**
 * Untimed passes (of at most 50,000 events) come first, for this long: after a new rule set, the JIT
 * re-optimises the matcher (code built for the last set's objects is dropped when they die), which took
 * ~0.1 s of matching on an idle machine. A fixed 50,000-event warm-up ended before that, so the timed
 * loop began at a quarter to a third of the steady speed.
 */
const WARM_UP_SECONDS = 0.5;

export async function run(args: string[]): Promise<void> {
  let settings: { events: number; ruleCounts: number[] };
  try {
    settings = parseSettings(args);
  } catch (error) {
    console.error(`bench events: ${error instanceof Error ? error.message : String(error)}`);
    console.error('usage: npm run bench -- events [--events 200000] [--rules 10,100,1000]');
    process.exitCode = 2;
    return;
  }
  const events = Array.from({ length: DISTINCT_EVENTS }, (_, i) => eventNumber(i));
  for (const mix of MIXES) {
    for (const count of settings.ruleCounts) {
      const matcher = compileRules(rulesOf(count, mix));
      const matchAll = (n: number) => {
        let matches = 0;
        for (let i = 0; i < n; i++) matches += matcher.matchingRules(events[i % DISTINCT_EVENTS]).length;
        return matches;
      };
      repeatFor(WARM_UP_SECONDS, () => matchAll(Math.min(settings.events, 50_000)));
      const passes = repeatFor(MIN_SECONDS, () => matchAll(settings.events));
      const timed = passes.count * settings.events;
      const matches = passes.results.reduce((sum, n) => sum + n, 0);
      emit({
        bench: 'events',
        metric: 'events_matched_per_s',
        value: Math.round(timed / passes.seconds),
        unit: 'events/s',
        rules: count,
        mix,
        events: timed,
        matches_per_event: Math.round((matches / timed) * 1000) / 1000,
      });
    }
  }
}

/** Runs `pass` until `seconds` have passed, at least once. */
function repeatFor<T>(seconds: number, pass: () => T): { count: number; seconds: number; results: T[] } {
  const results: T[] = [];
  const start = performance.now();
  let elapsed = 0;
  do {
    results.push(pass());
    elapsed = (performance.now() - start) / 1000;
  } while (elapsed < seconds);
  return { count: results.length, seconds: elapsed, results };
}

/**
 * The `mixed` set has, per 20 rules, 14 equality rules on agent and user, 2 prefix, 1 numeric and
 * 1 anything-but rule that also name a user, and 2 rules whose only exact values (source, detail-type)
 * every event has, so they are tried on every event. The `equality` set has only the first kind.
 */
const MIXES = ['mixed', 'equality'] as const;

export function rulesOf(count: number, mix: (typeof MIXES)[number] = 'mixed'): Rule[] {
  return Array.from({ length: count }, (_, i) => {
    const user = `user-${(i * 7919) % USERS}`;
    const agent = AGENTS[i % AGENTS.length]!;
    const kind = mix === 'equality' ? 0 : i % 20;
    let detail: Record<string, unknown>;
    if (kind < 14) detail = { agent_type: [agent], user_id: [user] };
    else if (kind < 16) detail = { user_id: [user], memo_id: [{ prefix: `m-${i % 10}` }] };
    else if (kind === 16) detail = { user_id: [user], word_count: [{ numeric: ['>', 100, '<=', 400] }] };
    else if (kind === 17) detail = { user_id: [user], sentiment: [{ 'anything-but': ['negative'] }] };
    else if (kind === 18) detail = { tags: [{ prefix: `project-${i % 50}` }] };
    else
      detail = { word_count: [{ numeric: ['>', 900 + (i % 100)] }], agent_type: [{ 'anything-but': agent }] };
    return {
      name: `rule-${i}`,
      pattern: { source: ['whispersync'], 'detail-type': ['TranscriptProcessed'], detail },
    };
  });
}

/** A TranscriptProcessed event, as EventBridge would deliver it, already parsed. */
export function eventNumber(i: number) {
  return {
    version: '0',
    id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    'detail-type': 'TranscriptProcessed',
    source: 'whispersync',
    account: '123456789012',
    time: new Date(Date.UTC(2024, 4, 1) + i * 60_000).toISOString(),
    region: 'eu-west-1',
    resources: [],
    detail: {
      memo_id: `m-${i}`,
      user_id: `user-${(i * 31) % USERS}`,
      agent_type: AGENTS[i % AGENTS.length],
      route: 'work',
      recorded_at: new Date(Date.UTC(2024, 4, 1) + i * 60_000).toISOString(),
      sentiment: SENTIMENTS[i % SENTIMENTS.length],
      tags: [`project-${i % 60}`, 'meeting'],
      word_count: (i * 37) % 1000,
    },
  };
}

function parseSettings(args: string[]) {
  const { values } = parseArgs({
    args,
    options: {
      events: { type: 'string', default: '200000' },
      rules: { type: 'string', default: '10,100,1000' },
    },
  });
  return {
    events: positiveInt('--events', values.events),
    ruleCounts: values.rules.split(',').map((n) => positiveInt('--rules', n.trim())),
  };
}

function positiveInt(flag: string, raw: string): number {
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1)
    throw new Error(`${flag} must be a positive integer, got "${raw}"`);
  return value;
}
