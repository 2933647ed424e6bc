import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Transcriber, TranscriptionError } from '../../ports/transcriber.js';

export interface PocketsphinxSettings {
  /** The recognizer. @default 'pocketsphinx_continuous' (Debian's `pocketsphinx` package) */
  recognizer?: string | undefined;
  /** The decoder that turns any accepted format into 16 kHz mono PCM. @default 'ffmpeg' */
  ffmpeg?: string | undefined;
  /** Recognizers running at once: each keeps a core busy. @default one per core */
  parallel?: number | undefined;
}

const INSTALL_HINT = 'apt-get install -y pocketsphinx pocketsphinx-en-us ffmpeg';

/**
 * Offline speech to text: ffmpeg decodes the recording to the 16 kHz mono WAV that CMU Sphinx's
 * US English model expects, and `pocketsphinx_continuous` prints what it heard. No network, no key;
 * far less accurate than Whisper, but it keeps recordings moving where nothing may leave the machine.
 * Needs `apt-get install -y pocketsphinx pocketsphinx-en-us ffmpeg`.
 */
export function createPocketsphinxTranscriber(settings: PocketsphinxSettings = {}): Transcriber {
  const engine = 'pocketsphinx:en-us';
  const recognizer = settings.recognizer ?? 'pocketsphinx_continuous';
  const ffmpeg = settings.ffmpeg ?? 'ffmpeg';
  const turns = turnstile(settings.parallel ?? availableParallelism());

  return {
    engine,
    async transcribe(clip, signal) {
      await turns.enter(signal);
      let dir: string | undefined;
      try {
        // mp4 (m4a) keeps its index at the end, so ffmpeg reads a file, not a pipe.
        dir = await mkdtemp(join(tmpdir(), 'whispersync-sphinx-'));
        const input = join(dir, `in.${clip.format}`);
        const speech = join(dir, 'speech.wav');
        await writeFile(input, clip.bytes);
        const decoded = await run(
          ffmpeg,
          ['-hide_banner', '-loglevel', 'error', '-nostdin', '-i', input, '-ar', '16000', '-ac', '1'],
          [speech],
          signal,
        );
        if (decoded.code !== 0) {
          // ffmpeg could not read it: the recording's fault, like a server's 400.
          const why = decoded.stderr.trim().split('\n').at(-1) ?? `exit ${decoded.code}`;
          throw new TranscriptionError(engine, 'rejected', `cannot decode the recording: ${why}`);
        }
        const heard = await run(recognizer, ['-infile', speech, '-logfn', '/dev/null'], [], signal);
        if (heard.code !== 0)
          throw new TranscriptionError(engine, 'unavailable', `${recognizer} exited with ${heard.code}`);
        return heard.stdout
          .split('\n')
          .map((line) => line.trim())
          .filter(Boolean)
          .join(' ');
      } finally {
        turns.leave();
        if (dir) await rm(dir, { recursive: true, force: true });
      }
    },
  };

  /** Runs a tool to its end; a missing tool or an abort is the engine's trouble, not the recording's. */
  function run(command: string, args: string[], tail: string[], signal?: AbortSignal) {
    return new Promise<{ code: number; stdout: string; stderr: string }>((resolve, reject) => {
      const child = spawn(command, [...args, ...tail], { stdio: ['ignore', 'pipe', 'pipe'], signal });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => {
        stdout += d.toString();
      });
      child.stderr.on('data', (d: Buffer) => {
        stderr += d.toString();
      });
      child.on('error', (error: NodeJS.ErrnoException) => {
        const message =
          error.code === 'ENOENT'
            ? `${command} is not installed (${INSTALL_HINT})`
            : `${command}: ${error.message}`;
        reject(new TranscriptionError(engine, 'unavailable', message, { cause: error }));
      });
      child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    });
  }
}

/** At most `n` holders at once; the rest wait in order (or until their signal aborts). */
function turnstile(n: number): { enter(signal?: AbortSignal): Promise<void>; leave(): void } {
  let inside = 0;
  const waiting: (() => void)[] = [];
  return {
    async enter(signal) {
      if (inside < n) {
        inside++;
        return;
      }
      await new Promise<void>((resolve, reject) => {
        const turn = () => {
          signal?.removeEventListener('abort', abort);
          resolve();
        };
        const abort = () => {
          waiting.splice(waiting.indexOf(turn), 1);
          reject(signal?.reason);
        };
        waiting.push(turn);
        signal?.addEventListener('abort', abort, { once: true });
      });
    },
    leave() {
      const next = waiting.shift();
      if (next) next();
      else inside--;
    },
  };
}
