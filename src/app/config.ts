import { existsSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { extname, join, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { ConfigError } from '../domain/errors.js';
import { ROUTING_POLICIES } from '../domain/routing.js';
import { parseScalingPolicy, type ScalingPolicy } from '../scaling/policy.js';
import { TRANSCRIBERS } from '../transcribe/engines.js';

const positiveInt = (max: number) => z.coerce.number().int().min(1).max(max);
const millis = z.coerce.number().int().min(0);

const backendUrl = (what: string, schemes: readonly string[]) =>
  z
    .string()
    .min(1)
    .refine((url) => schemes.some((s) => url.startsWith(s)), {
      message: `${what} must start with ${schemes.join(' or ')}`,
    });

/** Every setting, with its default. Flags beat WHISPERSYNC_* environment variables, which beat the config file. */
export const configSchema = z
  .object({
    /** Where state lives (queue, store, blobs). @default '.whispersync' */
    dataDir: z.string().min(1).default('.whispersync'),
    /** Where the journal, memories and ideas are written. @default 'whispersync-out' */
    outDir: z.string().min(1).default('whispersync-out'),
    /** Queue URL: `sqlite:<file>` or `redis://host:port`. @default 'sqlite:<dataDir>/whispersync.db' */
    queue: backendUrl('queue', ['sqlite:', 'redis://', 'rediss://']).optional(),
    /** Store URL: `sqlite:<file>` or `postgres://user@host:port/db[?schema=name]`. @default 'sqlite:<dataDir>/whispersync.db' */
    store: backendUrl('store', ['sqlite:', 'postgres://', 'postgresql://']).optional(),
    /** Blob store URL. @default 'file:<dataDir>/blobs' */
    blobs: backendUrl('blobs', ['file:']).optional(),
    /** Owner of memos that do not name one. @default 'local' */
    user: z.string().min(1).default('local'),
    /** Messages a worker receives at once; each batch costs two SQLite commits (claim, completion). @default 100 */
    batchSize: positiveInt(1000).default(100),
    /**
     * `run`: worker processes to start (each a `whispersync work` on the same queue and store); 0 runs
     * the workers inside the `run` process. @default 0
     */
    workers: z.coerce.number().int().min(0).max(256).default(0),
    /** `work`: size the pool of worker loops by the autoscaling policy (`scaling`) instead of one loop. @default false */
    autoscale: z
      .union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')])
      .default(false),
    /**
     * The autoscaling policy (min, max, steps, targetUtilization, scaleInUtilization, cooldowns; see
     * src/scaling/policy.ts), as an object in the config file or JSON in WHISPERSYNC_SCALING.
     * @default min 1, max 100, steps 0 → −1, ≥ 100 → +1, ≥ 500 → +5, utilization 0.7, cooldowns 60 s / 300 s
     */
    scaling: z
      .preprocess(
        (value) => (typeof value === 'string' ? jsonOrText(value) : value),
        z.record(z.string(), z.unknown(), { error: 'must be a JSON object' }),
      )
      .optional(),
    /** Time between two autoscaling decisions. @default 15000 */
    autoscaleIntervalMs: positiveInt(3_600_000).default(15_000),
    /** Memos a worker processes at the same time. @default 8 */
    concurrency: positiveInt(1000).default(8),
    /**
     * Worker threads that run the agents (NLP); 0 runs them on the main thread.
     * @default one per core on a multi-core machine, else 0
     */
    threads: z.coerce
      .number()
      .int()
      .min(0)
      .max(64)
      .default(() => (availableParallelism() > 1 ? availableParallelism() : 0)),
    /** How long a received memo stays hidden from other workers. @default 30000 */
    visibilityTimeoutMs: positiveInt(43_200_000).default(30_000),
    /** Receives before a memo moves to the dead-letter queue. @default 3 */
    maxReceiveCount: positiveInt(100).default(3),
    /** First retry delay after a failure; doubles on every further receive. @default 1000 */
    retryDelayMs: millis.max(900_000).default(1000),
    /** Long-poll wait of an idle worker. @default 1000 */
    waitMs: millis.max(20_000).default(1000),
    /** Memo files larger than this are rejected. @default 1048576 (1 MiB) */
    maxMemoBytes: positiveInt(1024 * 1024 * 1024).default(1024 * 1024),
    /** Transcripts larger than this are kept in the blob store, not inline (claim check). @default 65536 */
    inlineTextBytes: positiveInt(1024 * 1024 * 1024).default(64 * 1024),
    /** A memo sent twice within this window is enqueued once. @default 300000 */
    dedupWindowMs: millis.default(300_000),
    /** Queue name, so several pipelines can share one database. @default 'memos' */
    queueName: z
      .string()
      .regex(/^[a-z0-9][a-z0-9_-]*$/, 'use lowercase letters, digits, - and _')
      .default('memos'),
    /** Shards of a new queue; an existing queue keeps its own count (`whispersync shards rebalance --to N` changes it). @default 1 */
    shardCount: positiveInt(1024).optional(),
    /** The shards this worker receives from, e.g. `0-3` or `0-1,6`; producers send to every shard. @default all */
    shards: z
      .string()
      .regex(
        /^\s*\d+\s*(-\s*\d+\s*)?(,\s*\d+\s*(-\s*\d+\s*)?)*$/,
        'use shard numbers and ranges, e.g. 0-3 or 0-1,6',
      )
      .optional(),
    /** What picks a memo's shard: its id (spreads evenly) or its user (one user's memos stay in order on one shard). @default 'memo' */
    shardKey: z.enum(['memo', 'user']).default('memo'),
    /** Per shard: primary queue depth at which producers turn to the overflow queue. @default 50000 */
    highWatermark: positiveInt(1_000_000_000).default(50_000),
    /** Per shard: below this primary depth producers come back and consumers drain the overflow first. @default highWatermark / 2 */
    lowWatermark: z.coerce.number().int().min(0).optional(),
    /** Per shard: overflow depth at which ingest waits ("busy, retry after N s") instead of queueing more. @default 1000000 */
    overflowCapacity: positiveInt(1_000_000_000).default(1_000_000),
    /** How a memo's folder and content are weighed: folder-first, content-first or folder-only. @default 'folder-first' */
    routingPolicy: z.enum(ROUTING_POLICIES).default('folder-first'),
    /** Below this classifier confidence a memo without a folder goes to review. @default 0.6 */
    routeThreshold: z.coerce.number().min(0).max(1).default(0.6),
    /** With folder-first, how sure the content must be to overrule the folder. @default 0.9 */
    overrideConfidence: z.coerce.number().min(0).max(1).default(0.9),
    /** Route the topics of a multi-topic memo separately. @default true */
    splitTopics: z
      .union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')])
      .default(true),
    /** Route (and find action items) with an LLM: anthropic or openai; none keeps everything local. @default 'none' */
    llmProvider: z.enum(['none', 'anthropic', 'openai']).default('none'),
    /** The LLM provider's API key. @default ANTHROPIC_API_KEY or OPENAI_API_KEY, by provider */
    llmApiKey: z.string().min(1).optional(),
    /** The model to ask. @default the provider's small fast model */
    llmModel: z.string().min(1).optional(),
    /** Another endpoint for the provider's API (a proxy, a compatible server). @default the provider's */
    llmBaseUrl: z.url().optional(),
    /** How long one LLM request may take before the local model answers instead. @default 10000 */
    llmTimeoutMs: positiveInt(600_000).default(10_000),
    /**
     * The shared (L2) cache tier: `memory` keeps caches in this process only (L1); a Redis URL adds
     * Redis between L1 and the source, shared by every process. @default 'memory'
     */
    cache: z
      .string()
      .refine((v) => v === 'memory' || v.startsWith('redis://') || v.startsWith('rediss://'), {
        message: 'cache must be memory or start with redis:// or rediss://',
      })
      .default('memory'),
    /** How long an entry lives in the Redis tier. @default 604800 (7 days) */
    cacheTtlSeconds: positiveInt(365 * 86_400).default(7 * 86_400),
    /** Speech to text for recordings: openai (OpenAI or a Whisper server speaking its API), pocketsphinx (offline); none leaves them untranscribed. @default 'none' */
    transcriber: z.enum(TRANSCRIBERS).default('none'),
    /** An OpenAI-compatible transcription server, including `/v1`. @default OpenAI's */
    transcriberBaseUrl: z.url().optional(),
    /** The transcriber's API key. @default OPENAI_API_KEY; none needed with a transcriberBaseUrl */
    transcriberApiKey: z.string().min(1).optional(),
    /** The transcription model. @default 'whisper-1' */
    transcriberModel: z.string().min(1).optional(),
    /** How long one transcription request may take before it counts as a failure. @default 60000 */
    transcriberTimeoutMs: positiveInt(3_600_000).default(60_000),
    /** How long the transcriber's open circuit waits before one trial request. @default 30000 */
    transcriberBreakerOpenMs: positiveInt(3_600_000).default(30_000),
    /** Recordings larger than this are rejected. @default 26214400 (25 MiB, OpenAI's upload limit) */
    maxAudioBytes: positiveInt(1024 * 1024 * 1024).default(25 * 1024 * 1024),
    /** Event rules (JSON or YAML) loaded into the rule store at start. */
    eventRulesFile: z.string().min(1).optional(),
    /**
     * How events reach the bus: `direct` (into the bus of the process that produced them) or a Redis
     * URL, for workers on many machines: they publish onto a Redis queue, and the process that
     * dispatches (`run`, `work` without --no-dispatch, `events serve`) relays them into its bus.
     * @default 'direct'
     */
    eventTransport: z
      .string()
      .refine((v) => v === 'direct' || v.startsWith('redis://') || v.startsWith('rediss://'), {
        message: 'eventTransport must be direct or start with redis:// or rediss://',
      })
      .default('direct'),
    /** Archived events older than this many days are pruned. @default 30 */
    eventArchiveRetentionDays: positiveInt(3650).default(30),
    /** How long one webhook attempt may take. @default 10000 */
    webhookTimeoutMs: positiveInt(300_000).default(10_000),
    /** How long a failing webhook delivery is retried before its target's dead-letter queue. @default 86400000 (24 h) */
    webhookRetryWindowMs: millis.default(86_400_000),
    /** pino log level. @default 'info' */
    logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  })
  .strict();

/** A setting given as JSON text (the environment): its value, or the text itself when it is not JSON. */
function jsonOrText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export type ParsedConfig = z.infer<typeof configSchema>;
/** The settings after defaults: backend URLs filled in, the scaling policy validated with its defaults. */
export type Config = Omit<ParsedConfig, 'scaling'> & {
  queue: string;
  store: string;
  blobs: string;
  scaling: ScalingPolicy;
};
export type ConfigInput = { [K in keyof ParsedConfig]?: unknown };

const KEYS = Object.keys(configSchema.shape) as (keyof ParsedConfig)[];

/** `batchSize` → `WHISPERSYNC_BATCH_SIZE` */
export function envNameOf(key: string): string {
  return `WHISPERSYNC_${key.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}`;
}

export interface LoadConfigOptions {
  /** Values from command-line flags (undefined = not given). */
  flags?: ConfigInput & { config?: string | undefined };
  /** The environment; the one place that reads process.env passes it in. */
  env?: Record<string, string | undefined>;
  cwd?: string;
}

/**
 * Merges defaults < config file < environment < flags, validates the result once and reports
 * every bad field together, each named by where it came from.
 */
export function loadConfig({ flags = {}, env = {}, cwd = process.cwd() }: LoadConfigOptions = {}): Config {
  const problems: string[] = [];
  const origin = new Map<string, string>();
  const merged: Record<string, unknown> = {};

  const fileName = flags.config ?? env.WHISPERSYNC_CONFIG ?? defaultConfigFile(cwd);
  if (fileName) {
    const fromFile = readConfigFile(resolve(cwd, fileName), problems);
    for (const [key, value] of Object.entries(fromFile)) {
      merged[key] = value;
      origin.set(key, `${fileName}: ${key}`);
    }
  }
  for (const key of KEYS) {
    const value = env[envNameOf(key)];
    if (value !== undefined && value !== '') {
      merged[key] = value;
      origin.set(key, envNameOf(key));
    }
  }
  for (const [key, value] of Object.entries(flags)) {
    if (key === 'config' || value === undefined) continue;
    merged[key] = value;
    origin.set(key, `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`);
  }

  const parsed = configSchema.safeParse(merged);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const keys = issue.code === 'unrecognized_keys' ? issue.keys : [String(issue.path[0] ?? '')];
      for (const key of keys) {
        const where = origin.get(key) ?? key;
        const value = merged[key];
        const shown = issue.code === 'unrecognized_keys' ? 'unknown setting' : issue.message;
        problems.push(`${where}${value === undefined ? '' : ` = ${JSON.stringify(value)}`}: ${shown}`);
      }
    }
  }
  if (problems.length > 0 || !parsed.success) throw new ConfigError(problems);

  const config = parsed.data;
  // Parsed once here: a bad policy is reported with the other settings, with `scaling.<field>` paths.
  const scaling = parseScalingPolicy(config.scaling ?? {});
  if (config.lowWatermark !== undefined && config.lowWatermark > config.highWatermark) {
    throw new ConfigError([
      `${origin.get('lowWatermark')} = ${config.lowWatermark}: must not be above highWatermark (${config.highWatermark})`,
    ]);
  }
  if (config.llmProvider !== 'none' && !config.llmApiKey) {
    const providerKey = config.llmProvider === 'anthropic' ? 'ANTHROPIC_API_KEY' : 'OPENAI_API_KEY';
    const key = env[providerKey];
    if (key) config.llmApiKey = key;
    else
      throw new ConfigError([
        `llmProvider = "${config.llmProvider}" needs an API key: set ${providerKey} or ${envNameOf('llmApiKey')}`,
      ]);
  }
  // OpenAI itself needs a key; a Whisper server at transcriberBaseUrl usually does not.
  if (config.transcriber === 'openai' && !config.transcriberApiKey) {
    const key = env.OPENAI_API_KEY;
    if (key) config.transcriberApiKey = key;
    else if (!config.transcriberBaseUrl)
      throw new ConfigError([
        `transcriber = "openai" needs an API key: set OPENAI_API_KEY or ${envNameOf('transcriberApiKey')}, or point ${envNameOf('transcriberBaseUrl')} at a Whisper server`,
      ]);
  }
  const database = `sqlite:${join(config.dataDir, 'whispersync.db')}`;
  return {
    ...config,
    scaling,
    queue: config.queue ?? database,
    store: config.store ?? database,
    blobs: config.blobs ?? `file:${join(config.dataDir, 'blobs')}`,
  };
}

function defaultConfigFile(cwd: string): string | undefined {
  return ['whispersync.config.json', 'whispersync.config.yaml', 'whispersync.config.yml'].find((f) =>
    existsSync(join(cwd, f)),
  );
}

function readConfigFile(file: string, problems: string[]): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    problems.push(`config file ${file}: cannot be read (${(error as Error).message})`);
    return {};
  }
  try {
    const value: unknown = extname(file) === '.json' ? JSON.parse(text) : parseYaml(text);
    if (value && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
    problems.push(`config file ${file}: must hold an object of settings`);
  } catch (error) {
    problems.push(
      `config file ${file}: not valid ${extname(file) === '.json' ? 'JSON' : 'YAML'} (${(error as Error).message})`,
    );
  }
  return {};
}
