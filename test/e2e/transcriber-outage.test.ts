import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/app/config.js';
import { silentLogger } from '../../src/app/logger.js';
import { openWhisperSync } from '../../src/app/open.js';
import { type RunSummary, runPipeline } from '../../src/app/pipeline.js';
import type { BreakerStateChangedDetail } from '../../src/domain/events.js';
import { spokenWav } from '../support/audio.js';
import {
  type FakeTranscriptionServer,
  startFakeTranscriptionServer,
} from '../support/fake-transcription-server.js';
import { generateMemos } from '../support/memo-generator.js';
import { entriesByMemo } from '../support/outputs.js';

// The whole pipeline (SQLite queue and store, agent threads, the OpenAI SDK over real HTTP) against a
// fake Whisper server that fails, then hangs past the timeout, then recovers, while text memos and
// recordings are processed together.

const TEXT_MEMOS = 900;
const RECORDINGS: Record<'work' | 'memories' | 'ideas', string[]> = {
  work: [
    'I need to send the billing service estimate to Priya by Friday.',
    'Remind me to book the meeting room for the roadmap review.',
    'Follow up with Marcus about the onboarding flow bug before Monday.',
    'Draft the hiring plan for the data pipeline team this week.',
  ],
  memories: [
    'Dinner with Mum in Lisbon, we laughed about the old bike all evening.',
    'Walked along the lake with Elena and watched the sunset, such a calm day.',
    'Chen taught the kids to fish at the lake house, everyone was so happy.',
    'Coffee with Hannah in Kyoto, we talked about her new garden.',
  ],
  ideas: [
    'An app idea: a tool that reminds you to water your plants based on the weather.',
    'What if there was a service that turns receipts into a monthly budget automatically.',
    'Idea for a side project: a map of bike rides that suggests quiet routes.',
    'A browser extension that collects recipes and builds a shopping list.',
  ],
};

let dir: string;
let engine: FakeTranscriptionServer;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ws-outage-'));
  engine = await startFakeTranscriptionServer();
  // The same text memos in both folders; the outage folder adds the recordings, dated before the
  // text memos of their folder, so the first batches hold recordings and text side by side.
  generateMemos(join(dir, 'healthy'), TEXT_MEMOS);
  generateMemos(join(dir, 'outage'), TEXT_MEMOS);
  for (const [route, recordings] of Object.entries(RECORDINGS)) {
    recordings.forEach((words, i) => {
      writeFileSync(join(dir, 'outage', route, `2026-10-0${i + 1}_0900-recording.wav`), spokenWav(words));
    });
  }
});
afterAll(async () => {
  await engine.close();
  rmSync(dir, { recursive: true, force: true });
});

async function openApp(name: string) {
  const config = loadConfig({
    cwd: dir,
    env: {},
    flags: {
      dataDir: join(dir, `${name}-data`),
      outDir: join(dir, `${name}-out`),
      transcriber: 'openai',
      transcriberBaseUrl: engine.baseURL,
      transcriberTimeoutMs: 400,
      transcriberBreakerOpenMs: 300,
      retryDelayMs: 50,
      logLevel: 'silent',
    },
  });
  return openWhisperSync(config, silentLogger);
}

/** Runs the folder; `textDoneMs` is when the TEXT_MEMOS-th memo was processed, from the start. */
async function run(
  name: string,
  during?: (
    app: Awaited<ReturnType<typeof openApp>>,
    started: number,
    textDone: () => number | undefined,
  ) => void,
): Promise<{
  summary: RunSummary;
  textDoneMs: number;
  startedAt: number;
  app: Awaited<ReturnType<typeof openApp>>;
}> {
  const app = await openApp(name);
  const started = performance.now();
  const startedAt = Date.now();
  let textDoneAt: number | undefined;
  during?.(app, started, () => textDoneAt);
  const summary = await runPipeline(app, join(dir, name), {
    onProgress: ({ worker }) => {
      if (textDoneAt === undefined && (worker?.processed ?? 0) >= TEXT_MEMOS) textDoneAt = performance.now();
    },
  });
  return { summary, textDoneMs: (textDoneAt ?? Number.NaN) - started, startedAt, app };
}

describe('transcriber outage: fails, hangs past the timeout, recovers', () => {
  it('opens the breaker, keeps text memos flowing, defers recordings without dead-lettering them, and finishes every one once', async () => {
    const changes: (BreakerStateChangedDetail & { at: number })[] = [];
    let metricWhileOpen = '';
    let hangTimedOut = false;
    let recoveredAt: number | undefined;
    engine.behaviour = 'fail';
    // The healthy run of the same text memos runs at the same time, so both see the same load on a
    // shared machine and their throughputs compare. Waiting on the engine would cost the outage run
    // time without using CPU, so running side by side cannot hide it.
    const healthyRun = run('healthy');
    const outageRun = run('outage', (app, started, textDone) => {
      const recoverWhenDue = () => {
        // The engine comes back only once every text memo is done and a trial call has timed out on
        // the hung engine: text memos never had a working engine to wait for.
        if (recoveredAt === undefined && textDone() !== undefined && hangTimedOut) {
          engine.behaviour = 'answer';
          recoveredAt = performance.now() - started;
        }
      };
      app.transcription!.onStateChange(({ from, to }) => {
        changes.push({ breaker: 'transcriber', from, to, at: performance.now() - started });
        if (to === 'open' && engine.behaviour === 'fail') {
          engine.behaviour = 'hang';
          void app.metrics.text().then((text) => (metricWhileOpen = text));
        }
        if (from === 'half-open' && to === 'open' && engine.behaviour === 'hang') hangTimedOut = true;
        recoverWhenDue();
      });
      const poll = setInterval(recoverWhenDue, 20);
      poll.unref();
    });
    const [healthy, outage] = await Promise.all([healthyRun, outageRun]);
    await healthy.app.close();
    expect(healthy.summary).toMatchObject({ processed: TEXT_MEMOS, failed: 0, transcribed: 0 });
    const { summary, app } = outage;
    const recordings = Object.values(RECORDINGS).flat();

    // The breaker opened on the 500s, a trial call timed out on the hung engine, and it closed on recovery.
    const transitions = changes.map((c) => `${c.from}->${c.to}`);
    expect(transitions[0]).toBe('closed->open');
    expect(transitions).toContain('half-open->open');
    expect(transitions.at(-1)).toBe('half-open->closed');
    expect(metricWhileOpen).toContain('whispersync_breaker_state{breaker="transcriber"} 2');
    expect(engine.uploads.some((u) => u.behaviour === 'hang' && u.abandoned)).toBe(true);
    // ... and every change went out as a BreakerStateChanged event.
    const published = app.events
      .listArchive()
      .map((a) => a.event)
      .filter((e) => e['detail-type'] === 'BreakerStateChanged')
      .map((e) => e.detail as BreakerStateChangedDetail);
    expect(published.map((d) => `${d.breaker}:${d.from}->${d.to}`)).toEqual(
      transitions.map((t) => `transcriber:${t}`),
    );
    expect(await app.metrics.text()).toContain('whispersync_breaker_state{breaker="transcriber"} 0');

    // Text memos kept flowing: the engine hung while they were being processed, and all of them were
    // done while it was still down, at the healthy rate.
    const hungDuringText = engine.uploads.filter(
      (u) => u.behaviour === 'hang' && u.at - outage.startedAt < outage.textDoneMs,
    );
    expect(hungDuringText.length).toBeGreaterThan(0);
    expect(outage.textDoneMs).toBeLessThanOrEqual(recoveredAt!);
    const ratio = healthy.textDoneMs / outage.textDoneMs;
    console.log(
      `text memos: ${TEXT_MEMOS} in ${Math.round(healthy.textDoneMs)} ms healthy, ${Math.round(outage.textDoneMs)} ms during the outage (side by side): throughput ratio ${ratio.toFixed(2)}; ${hungDuringText.length} requests hung while text memos were processed; engine back at ${Math.round(recoveredAt!)} ms; transitions ${transitions.join(', ')}`,
    );
    expect(ratio).toBeGreaterThanOrEqual(0.9);

    // Every recording was set aside (not failed), then transcribed and processed exactly once.
    expect(summary).toMatchObject({
      processed: TEXT_MEMOS + recordings.length,
      transcribed: recordings.length,
      failed: 0,
      deadLettered: 0,
    });
    expect(summary.deferred).toBeGreaterThanOrEqual(recordings.length);
    const entries = entriesByMemo(join(dir, 'outage-out'));
    expect(entries.size).toBe(TEXT_MEMOS + recordings.length);
    expect([...entries.values()].every((n) => n === 1)).toBe(true);
    const answered = engine.uploads.filter((u) => u.behaviour === 'answer' && !u.abandoned);
    expect(new Set(answered.map((u) => u.bytes.toString('base64'))).size).toBe(recordings.length);
    await app.close();
  }, 120_000);
});
