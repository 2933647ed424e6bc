import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { spokenWav, wordsIn } from '../../test/support/audio.js';
import { FileBlobStore } from '../adapters/fs/blob-store.js';
import { openSqlite, type SqliteDatabase } from '../adapters/sqlite/database.js';
import { SqliteQueue } from '../adapters/sqlite/queue.js';
import { SqliteMemoStore } from '../adapters/sqlite/store.js';
import { createAgents } from '../agents/registry.js';
import type { BusEvent } from '../domain/events.js';
import { TranscriptionError } from '../ports/transcriber.js';
import { inlineAgentRunner } from './agent-runner.js';
import { ingestFolder } from './ingest/ingest.js';
import { silentLogger } from './logger.js';
import type { MemoMessage } from './memo-message.js';
import type { MemoTranscriber } from './transcribe-memo.js';
import { runWorker, type WorkerDeps, type WorkerOptions } from './worker.js';

// The worker with recordings, on the embedded backends. The transcriber is a stand-in for the port
// (the HTTP adapter has its own tests against a real server): it decides what the engine says.
type Engine = 'answer' | 'down' | 'refuse' | 'hang';

let dir: string;
let db: SqliteDatabase;
let queue: SqliteQueue<MemoMessage>;
let deps: WorkerDeps;
let engine: Engine;
let calls: string[];
/** A hung engine answers when this resolves. */
let hangUntil: Promise<void> = Promise.resolve();
const published: BusEvent[] = [];

const transcriber: MemoTranscriber = {
  async transcribe(audio) {
    const words = wordsIn(audio) ?? '';
    calls.push(words);
    if (engine === 'down')
      throw new TranscriptionError('fake', 'unavailable', 'circuit open', { retryInMs: 40 });
    if (engine === 'refuse')
      throw new TranscriptionError('fake', 'rejected', 'Invalid file format.', { status: 400 });
    if (engine === 'hang') await hangUntil;
    return words;
  },
  reopensInMs: () => 40,
};

const OPTIONS: WorkerOptions = {
  batchSize: 25,
  concurrency: 4,
  visibilityTimeoutMs: 30_000,
  waitMs: 20,
  retryDelayMs: 10,
  drain: true,
};

function write(relPath: string, content: string | Buffer): void {
  mkdirSync(dirname(join(dir, 'memos', relPath)), { recursive: true });
  writeFileSync(join(dir, 'memos', relPath), content);
}

async function ingest(): Promise<void> {
  await ingestFolder(
    join(dir, 'memos'),
    { ...deps, clock: Date.now },
    {
      userId: 'local',
      maxMemoBytes: 1 << 20,
      inlineTextBytes: 1 << 16,
    },
  );
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ws-worker-audio-'));
  db = openSqlite(join(dir, 'ws.db'));
  queue = new SqliteQueue<MemoMessage>(db, { name: 'memos', pollIntervalMs: 5 });
  engine = 'answer';
  calls = [];
  published.length = 0;
  deps = {
    queue,
    store: new SqliteMemoStore(db),
    blobs: new FileBlobStore(join(dir, 'blobs')),
    runner: inlineAgentRunner(createAgents(), {
      policy: 'folder-first',
      threshold: 0.6,
      overrideConfidence: 0.9,
      split: true,
    }),
    transcription: transcriber,
    publisher: {
      publish: async (events) => {
        published.push(...events);
      },
    },
    log: silentLogger,
  };
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('worker with recordings', () => {
  it('transcribes a recording before routing it, and saves the words so a redelivery does not transcribe again', async () => {
    write('work/2026-11-24_0930.wav', spokenWav('I need to send the budget to Priya by Friday.'));
    await ingest();
    const totals = await runWorker(deps, OPTIONS);
    expect(totals).toMatchObject({ processed: 1, transcribed: 1, deferred: 0, failedAttempts: 0 });
    const result = published.find((e) => e['detail-type'] === 'TranscriptProcessed');
    expect(result?.detail).toMatchObject({ agent_type: 'work_journal' });

    // The same memo delivered again (a crash before the delete, say): routed from the saved words.
    const memoId = (result!.detail as { memo_id: string }).memo_id;
    await queue.send({ body: { memoId, route: 'work' } });
    expect(await runWorker(deps, OPTIONS)).toMatchObject({ processed: 1, transcribed: 0 });
    expect(calls).toHaveLength(1);
    const saved = await deps.store.getResult(memoId, 'work_journal');
    expect(saved?.result.agent === 'work_journal' && saved.result.entry.summary).toContain('budget');
  });

  it('sets a recording aside while the engine is down, spending none of its receives, and finishes it later', async () => {
    write('work/2026-11-24_0930.wav', spokenWav('Book the venue for the offsite.'));
    write('work/2026-11-24_1000.txt', 'Send the invoice to the client.');
    await ingest();
    engine = 'down';
    const totals = await runWorker(deps, {
      ...OPTIONS,
      onBatch: (t) => {
        // After three deferrals the engine comes back.
        if (t.deferred >= 3) engine = 'answer';
      },
    });
    expect(totals.deferred).toBeGreaterThanOrEqual(3);
    expect(totals).toMatchObject({ processed: 2, transcribed: 1, failedAttempts: 0 });
    expect(await queue.stats()).toMatchObject({ deadLettered: 0, visible: 0, delayed: 0, inFlight: 0 });
    expect(published.filter((e) => e['detail-type'] === 'MemoFailed')).toEqual([]);
    expect(published.filter((e) => e['detail-type'] === 'TranscriptProcessed')).toHaveLength(2);
  });

  it('treats a refused recording as an ordinary failure: retried, then dead-lettered with the reason', async () => {
    write('ideas/2026-11-24_0930.wav', spokenWav('An app that waters plants.'));
    await ingest();
    engine = 'refuse';
    const totals = await runWorker(deps, OPTIONS);
    expect(totals).toMatchObject({ processed: 0, failedAttempts: 3, deferred: 0 });
    const [dead] = await queue.listDeadLetters();
    expect(dead).toMatchObject({ receiveCount: 3, lastError: 'fake: Invalid file format.' });
    expect(published.map((e) => e['detail-type'])).toEqual([
      'MemoFailed',
      'MemoFailed',
      'MemoFailed',
      'MemoDeadLettered',
    ]);
  });

  it('fails a recording clearly when no transcriber is configured, and dead-letters it after the usual receives', async () => {
    write('work/2026-11-24_0930.wav', spokenWav('Call the plumber.'));
    write('work/2026-11-24_1000.txt', 'Send the invoice.');
    await ingest();
    const { transcription: _none, ...withoutTranscriber } = deps;
    const totals = await runWorker(withoutTranscriber, OPTIONS);
    expect(totals).toMatchObject({ processed: 1, failedAttempts: 3 });
    const [dead] = await queue.listDeadLetters();
    expect(dead?.lastError).toContain(
      'none: no transcriber configured for recording work/2026-11-24_0930.wav',
    );
  });

  it('settles the text memos of a batch at once while a recording in it waits on a hung engine', async () => {
    write('work/2026-11-24_0930.wav', spokenWav('This one took its time.'));
    for (let i = 0; i < 5; i++) write(`work/2026-11-24_10${i}0.txt`, `Send report ${i} to the client.`);
    await ingest();
    engine = 'hang';
    let textDone: () => void = () => {};
    hangUntil = new Promise<void>((resolve) => (textDone = resolve));
    const totals = await runWorker(deps, {
      ...OPTIONS,
      // The engine answers only once every text memo is done: had one waited on it, this never ends.
      onBatch: (t) => {
        if (t.processed === 5) textDone();
      },
    });
    expect(calls).toEqual(['This one took its time.']);
    expect(totals).toMatchObject({ processed: 6, transcribed: 1 });
  });

  it('keeps a recording hidden from other workers for as long as its transcription takes', async () => {
    write('work/2026-11-24_0930.wav', spokenWav('A long recording.'));
    await ingest();
    engine = 'hang';
    hangUntil = new Promise((resolve) => setTimeout(resolve, 600));
    // Two workers, and a visibility timeout a sixth of the transcription: without renewals the other
    // worker would receive the recording mid-transcription and send it to the engine again.
    const options = { ...OPTIONS, visibilityTimeoutMs: 100 };
    const [a, b] = await Promise.all([runWorker(deps, options), runWorker(deps, options)]);
    expect(calls).toHaveLength(1);
    expect(a.processed + b.processed).toBe(1);
    expect(a.failedAttempts + b.failedAttempts).toBe(0);
  });
});
