import cliProgress from 'cli-progress';
import type { RunProgress } from '../app/pipeline.js';

export interface ProgressReporter {
  update(progress: RunProgress): void;
  stop(): void;
}

/** A progress bar on a terminal; plain, throttled lines when output goes to a file or pipe. */
export function progressReporter(stream: NodeJS.WriteStream = process.stderr): ProgressReporter {
  return stream.isTTY ? barReporter(stream) : lineReporter(stream);
}

function barReporter(stream: NodeJS.WriteStream): ProgressReporter {
  const bar = new cliProgress.SingleBar(
    { stream, format: '{phase} [{bar}] {value}/{total} memos | {rate} memos/s', hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  const started = performance.now();
  let running = false;
  return {
    update({ phase, ingest, worker }) {
      const total = ingest?.enqueued ?? 0;
      const value = phase === 'ingest' ? (ingest?.scanned ?? 0) : (worker?.processed ?? 0);
      const rate = Math.round((worker?.processed ?? 0) / ((performance.now() - started) / 1000));
      if (!running) {
        bar.start(Math.max(total, value), value, { phase, rate });
        running = true;
      }
      bar.setTotal(Math.max(total, value, 1));
      bar.update(value, { phase, rate });
    },
    stop() {
      if (running) bar.stop();
    },
  };
}

function lineReporter(stream: NodeJS.WriteStream, everyMs = 1000): ProgressReporter {
  let last = 0;
  let lastPhase = '';
  return {
    update({ phase, ingest, worker }) {
      const now = performance.now();
      if (phase === lastPhase && now - last < everyMs) return;
      last = now;
      lastPhase = phase;
      if (phase === 'ingest')
        stream.write(
          `ingest: ${ingest?.scanned ?? 0} files scanned, ${ingest?.enqueued ?? 0} memos queued\n`,
        );
      else if (phase === 'process')
        stream.write(`process: ${worker?.processed ?? 0}/${ingest?.enqueued ?? 0} memos done\n`);
      else stream.write('export: rendering outputs\n');
    },
    stop() {},
  };
}
