import { type Command, Option } from 'commander';
import { type Config, type ConfigInput, loadConfig } from '../app/config.js';
import { createLogger } from '../app/logger.js';
import { openWhisperSync, type WhisperSync } from '../app/open.js';
import { STOP_MESSAGE, type WorkerCommand } from '../app/worker-processes.js';

/** Flags every command takes; each maps to one configuration setting. */
const CONFIG_FLAGS: [flags: string, key: keyof ConfigInput, description: string][] = [
  ['--data <dir>', 'dataDir', 'state folder (queue, store, blobs) [.whispersync]'],
  ['--out <dir>', 'outDir', 'output folder for journal, memories, ideas [whispersync-out]'],
  ['--queue <url>', 'queue', 'queue URL [sqlite:<data>/whispersync.db]'],
  ['--store <url>', 'store', 'store URL [sqlite:<data>/whispersync.db]'],
  ['--blobs <url>', 'blobs', 'blob store URL [file:<data>/blobs]'],
  ['--user <id>', 'user', 'owner of memos that do not name one [local]'],
  ['--batch-size <n>', 'batchSize', 'messages received per batch [100]'],
  ['--workers <n>', 'workers', 'run: worker processes to start; 0 = work inside the run process [0]'],
  ['--autoscale <bool>', 'autoscale', 'work: size the worker pool by queue depth and utilization [false]'],
  ['--autoscale-interval-ms <ms>', 'autoscaleIntervalMs', 'time between two autoscaling decisions [15000]'],
  ['--concurrency <n>', 'concurrency', 'memos processed at once per worker [8]'],
  ['--threads <n>', 'threads', 'agent (NLP) threads; 0 = main thread [one per core]'],
  ['--visibility-timeout-ms <ms>', 'visibilityTimeoutMs', 'how long a received memo stays hidden [30000]'],
  ['--max-receive-count <n>', 'maxReceiveCount', 'receives before the dead-letter queue [3]'],
  ['--retry-delay-ms <ms>', 'retryDelayMs', 'first retry delay, doubling per receive [1000]'],
  ['--wait-ms <ms>', 'waitMs', 'long-poll wait of an idle worker [1000]'],
  ['--max-memo-bytes <n>', 'maxMemoBytes', 'largest accepted memo file [1048576]'],
  ['--inline-text-bytes <n>', 'inlineTextBytes', 'transcripts above this go to the blob store [65536]'],
  ['--queue-name <name>', 'queueName', 'queue name inside the queue backend [memos]'],
  ['--shard-count <n>', 'shardCount', 'shards of a new queue (an existing one keeps its count) [1]'],
  ['--shards <list>', 'shards', 'work: receive only from these shards, e.g. 0-3 or 0-1,6 [all]'],
  ['--shard-key <key>', 'shardKey', 'memo|user: what picks a memo’s shard [memo]'],
  [
    '--high-watermark <n>',
    'highWatermark',
    'per shard: primary depth where producers turn to overflow [50000]',
  ],
  ['--low-watermark <n>', 'lowWatermark', 'per shard: depth where overflow drains first [high / 2]'],
  ['--overflow-capacity <n>', 'overflowCapacity', 'per shard: overflow depth where ingest waits [1000000]'],
  ['--routing-policy <policy>', 'routingPolicy', 'folder-first|content-first|folder-only [folder-first]'],
  ['--route-threshold <p>', 'routeThreshold', 'below this confidence a memo goes to review [0.6]'],
  ['--override-confidence <p>', 'overrideConfidence', 'confidence for content to overrule the folder [0.9]'],
  ['--split-topics <bool>', 'splitTopics', 'route the topics of a multi-topic memo separately [true]'],
  [
    '--llm-provider <name>',
    'llmProvider',
    'none|anthropic|openai: route with an LLM, the local model as fallback [none]',
  ],
  ['--llm-model <model>', 'llmModel', "LLM model [the provider's small model]"],
  ['--llm-base-url <url>', 'llmBaseUrl', "LLM API endpoint [the provider's]"],
  ['--llm-timeout-ms <ms>', 'llmTimeoutMs', 'LLM request timeout before the local model answers [10000]'],
  ['--cache <url>', 'cache', 'memory, or redis://… for a shared L2 cache tier [memory]'],
  ['--cache-ttl-seconds <n>', 'cacheTtlSeconds', 'lifetime of an entry in the Redis cache tier [604800]'],
  [
    '--transcriber <name>',
    'transcriber',
    'none|openai|pocketsphinx: transcribe recordings with OpenAI or a Whisper server, or offline [none]',
  ],
  ['--transcriber-base-url <url>', 'transcriberBaseUrl', "transcription API endpoint, with /v1 [OpenAI's]"],
  ['--transcriber-model <model>', 'transcriberModel', 'transcription model [whisper-1]'],
  ['--transcriber-timeout-ms <ms>', 'transcriberTimeoutMs', 'one transcription request [60000]'],
  [
    '--transcriber-breaker-open-ms <ms>',
    'transcriberBreakerOpenMs',
    "how long the transcriber's open circuit waits before a trial request [30000]",
  ],
  ['--max-audio-bytes <n>', 'maxAudioBytes', 'largest accepted recording [26214400]'],
  ['--event-rules-file <file>', 'eventRulesFile', 'event rules (JSON or YAML) loaded at start'],
  [
    '--event-transport <url>',
    'eventTransport',
    'direct, or redis://… to carry events between processes [direct]',
  ],
  ['--event-archive-retention-days <n>', 'eventArchiveRetentionDays', 'days archived events are kept [30]'],
  ['--webhook-timeout-ms <ms>', 'webhookTimeoutMs', 'one webhook attempt [10000]'],
  ['--webhook-retry-window-ms <ms>', 'webhookRetryWindowMs', 'retry a failing webhook this long [86400000]'],
  ['--log-level <level>', 'logLevel', 'fatal|error|warn|info|debug|trace|silent [info]'],
];

export function withConfigOptions(command: Command): Command {
  command.addOption(
    new Option('--config <file>', 'config file (JSON or YAML) [whispersync.config.json if present]'),
  );
  for (const [flags, , description] of CONFIG_FLAGS) command.addOption(new Option(flags, description));
  return command;
}

/** Configuration from this command's flags, the environment and the config file. */
export function configFrom(opts: Record<string, unknown>): Config {
  const flags: ConfigInput & { config?: string } = {};
  for (const [flags_, key] of CONFIG_FLAGS) {
    const name = flagName(flags_);
    if (opts[name] !== undefined) flags[key] = opts[name];
  }
  if (typeof opts.config === 'string') flags.config = opts.config;
  return loadConfig({ flags, env: process.env });
}

/** Opens WhisperSync for one command and always closes it, even when the command throws. */
export async function withApp<T>(
  opts: Record<string, unknown>,
  action: (app: WhisperSync) => Promise<T>,
): Promise<T> {
  const config = configFrom(opts);
  const app = await openWhisperSync(config, createLogger(config.logLevel));
  try {
    return await action(app);
  } finally {
    await app.close();
  }
}

/**
 * An AbortSignal that fires on the first SIGINT/SIGTERM; a second one exits at once. A process
 * started by `run --workers` also stops when its parent asks over IPC.
 */
export function shutdownSignal(): AbortSignal {
  const controller = new AbortController();
  if (process.send) {
    process.on('message', (message) => {
      if (message === STOP_MESSAGE) controller.abort();
    });
    // The IPC channel must not keep a finished worker alive.
    process.channel?.unref();
  }
  const onSignal = (signal: NodeJS.Signals) => {
    if (controller.signal.aborted) process.exit(130);
    process.stderr.write(`\n${signal}: finishing in-flight memos, then stopping (again to force)\n`);
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return controller.signal;
}

// `--visibility-timeout-ms <ms>` → `visibilityTimeoutMs`, the key commander stores it under.
function flagName(flags: string): string {
  const long = flags.split(' ')[0]!.replace(/^--/, '');
  return long.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
}

/** How this CLI starts itself again as `whispersync work` (same node, same loader flags, same entry). */
export function selfCommand(): WorkerCommand {
  return { execPath: process.execPath, args: [...process.execArgv, process.argv[1]!] };
}
