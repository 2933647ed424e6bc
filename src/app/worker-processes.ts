import { type ChildProcess, spawn } from 'node:child_process';
import { type Config, configSchema, envNameOf } from './config.js';
import type { Logger } from './logger.js';
import type { WorkerTotals } from './worker.js';
import { sumTotals } from './worker.js';

/** How to start `whispersync work` in a new process: the node binary's arguments before `work`. */
export interface WorkerCommand {
  execPath: string;
  args: string[];
}

/**
 * What a `work` process started by `run --workers` tells its parent over IPC: its totals so far,
 * after every batch (`progress`) and once more when it stops (`totals`).
 */
export interface WorkerReport {
  type: 'progress' | 'totals';
  totals: WorkerTotals;
}

/** Sent by the parent: finish in-flight memos and exit. */
export const STOP_MESSAGE = 'whispersync:stop';

export interface WorkerProcesses {
  /** What every worker process reported so far, those that died included (up to their last batch). */
  progress(): WorkerTotals;
  /** Asks every worker to finish its in-flight memos and exit; resolves with their summed totals. */
  stop(): Promise<WorkerTotals>;
  /** Rejects when workers keep dying (more restarts than `maxRestarts`); never resolves otherwise. */
  readonly failed: Promise<never>;
}

export interface WorkerProcessesOptions {
  count: number;
  config: Config;
  command: WorkerCommand;
  log: Logger;
  /** Workers that die unexpectedly are restarted up to this many times in all. @default 2 × count */
  maxRestarts?: number;
}

/**
 * Starts `count` worker processes (`whispersync work`) on the same queue and store. Each gets the
 * parent's resolved configuration through WHISPERSYNC_* variables, so flags, file and environment
 * mean the same in every process. A worker that dies (a crash, the OOM killer) is restarted: the
 * memos it held come back after their visibility timeout and are processed by whoever receives them.
 */
export function startWorkerProcesses(options: WorkerProcessesOptions): WorkerProcesses {
  const { count, config, command, log } = options;
  const maxRestarts = options.maxRestarts ?? 2 * count;
  const env = { ...process.env, ...configEnv(config) };
  // The latest report of each process, by pid: a restarted slot is a new process with totals of its own.
  const reports = new Map<number, WorkerTotals>();
  const running = new Set<Promise<void>>();
  let stopping = false;
  let restarts = 0;
  let fail: (error: Error) => void = () => {};
  const failed = new Promise<never>((_, reject) => {
    fail = reject;
  });
  failed.catch(() => {}); // observed by whoever races it; an unobserved rejection must not crash the parent

  const children = new Set<ChildProcess>();
  const start = (slot: number): void => {
    const child = spawn(command.execPath, [...command.args, 'work', '--no-dispatch'], {
      env: { ...env, WHISPERSYNC_WORKER_SLOT: String(slot) },
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    children.add(child);
    child.on('message', (message: WorkerReport) => {
      if ((message?.type === 'progress' || message?.type === 'totals') && child.pid !== undefined)
        reports.set(child.pid, message.totals);
    });
    const exited = new Promise<void>((resolve) => {
      child.on('exit', (code, signal) => {
        children.delete(child);
        running.delete(exited);
        resolve();
        if (stopping && code === 0) return;
        log.warn(
          { slot, pid: child.pid, code, signal },
          'worker process died; its memos return after their visibility timeout',
        );
        if (stopping) return;
        if (++restarts > maxRestarts) {
          fail(
            new Error(
              `worker processes keep dying (${restarts} restarts); last exit code ${code}, signal ${signal}`,
            ),
          );
          return;
        }
        start(slot);
      });
    });
    running.add(exited);
  };
  for (let slot = 0; slot < count; slot++) start(slot);
  log.info({ workers: count }, 'worker processes started');

  return {
    failed,
    progress: () => sumTotals([...reports.values()]),
    async stop() {
      stopping = true;
      for (const child of children) if (child.connected) child.send(STOP_MESSAGE);
      while (running.size > 0) await Promise.all(running);
      return sumTotals([...reports.values()]);
    },
  };
}

/** The configuration as WHISPERSYNC_* variables; a worker process reads them like any other environment. */
export function configEnv(config: Config): Record<string, string> {
  const env: Record<string, string> = {};
  for (const key of Object.keys(configSchema.shape) as (keyof Config)[]) {
    const value = config[key];
    if (value !== undefined)
      env[envNameOf(key)] = typeof value === 'object' ? JSON.stringify(value) : String(value);
  }
  // A worker runs its loops in its own process; it never spawns workers of its own.
  env[envNameOf('workers')] = '0';
  return env;
}
