import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { spokenWav } from '../../../test/support/audio.js';
import { FileBlobStore } from '../../adapters/fs/blob-store.js';
import { openSqlite, type SqliteDatabase } from '../../adapters/sqlite/database.js';
import { SqliteQueue } from '../../adapters/sqlite/queue.js';
import { SqliteMemoStore } from '../../adapters/sqlite/store.js';
import { InvalidMemoError } from '../../domain/errors.js';
import { memoIdOf, sha256Hex } from '../../domain/memo-id.js';
import type { MemoMessage } from '../memo-message.js';
import { type IngestDeps, ingestFolder } from './ingest.js';

const NOW = Date.parse('2026-11-29T12:00:00Z');
const OPTIONS = { userId: 'local', maxMemoBytes: 4096, inlineTextBytes: 1024 };

let dir: string;
let root: string;
let db: SqliteDatabase;
let deps: IngestDeps;

function write(relPath: string, content: string | Uint8Array) {
  const file = join(root, relPath);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, content);
}

async function drain() {
  const messages = await deps.queue.receive({ max: 1000, visibilityMs: 60_000 });
  return messages.map((m) => m.body as MemoMessage);
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ws-ingest-'));
  root = join(dir, 'memos');
  mkdirSync(root);
  db = openSqlite(join(dir, 'state', 'whispersync.db'));
  deps = {
    store: new SqliteMemoStore(db),
    queue: new SqliteQueue<MemoMessage>(db, { name: 'memos' }),
    blobs: new FileBlobStore(join(dir, 'state', 'blobs')),
    clock: () => NOW,
  };
});

afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('ingestFolder', () => {
  it('stores and enqueues every good memo, and reports each bad file with its reason', async () => {
    write('work/2026-11-24_0930.txt', 'I need to send the slides by Friday.');
    write('memories/2026-11-22_1800.txt', 'Dinner with Mum in Lisbon.');
    write('ideas/2026-11-23_0700.md', '---\ntitle: Plants\n---\nAn app that waters plants.');
    write('2026-11-25_1200.txt', 'Not sure where this goes.');
    write('.DS_Store', new Uint8Array([0, 1, 2]));
    write('work/2026-11-24_1000.txt', 'x'.repeat(5000));
    write('recipes/2026-11-24_1000.txt', 'Pasta.');
    write('work/empty.txt', '');
    symlinkSync(join(dir, 'nowhere.txt'), join(root, 'work', 'broken.txt'));
    writeFileSync(join(dir, 'secret.txt'), 'outside the root');
    symlinkSync(join(dir, 'secret.txt'), join(root, 'memories', 'escape.txt'));

    const report = await ingestFolder(root, deps, OPTIONS);

    // Nine files: the hidden .DS_Store is skipped, not counted.
    expect(report).toMatchObject({ scanned: 9, added: 4, alreadyKnown: 0, enqueued: 4 });
    expect(report.byRoute).toEqual({ work: 1, memories: 1, ideas: 1, inbox: 1 });
    expect(Object.fromEntries(report.rejected.map((r) => [r.file, r.reason]))).toEqual({
      'memories/escape.txt': expect.stringContaining('path escapes the memo folder'),
      'recipes/2026-11-24_1000.txt': expect.stringContaining('unknown route folder recipes/'),
      'work/2026-11-24_1000.txt': '4.9 KiB, over the 4.0 KiB limit (maxMemoBytes)',
      'work/broken.txt': 'cannot be read: broken symbolic link',
      'work/empty.txt': 'empty file',
    });
    const routes = (await drain()).map((m) => m.route).sort();
    // The memo outside any route folder is queued too: its content decides its route.
    expect(routes).toEqual(['ideas', 'inbox', 'memories', 'work']);
    expect(await deps.store.stats()).toMatchObject({ byStatus: { queued: 4 } });
  });

  it('enqueues nothing new when the same folder is ingested again', async () => {
    for (let i = 0; i < 30; i++)
      write(
        `work/2026-11-${String((i % 28) + 1).padStart(2, '0')}_09${String(i).padStart(2, '0')}.txt`,
        `Memo ${i}.`,
      );
    const first = await ingestFolder(root, deps, OPTIONS);
    const second = await ingestFolder(root, deps, OPTIONS);
    expect([first.added, first.enqueued]).toEqual([30, 30]);
    expect([second.added, second.alreadyKnown, second.enqueued]).toEqual([0, 30, 0]);
    expect(await drain()).toHaveLength(30);
  });

  it('sends a memo that was stored but never sent before a crash', async () => {
    const text = 'Stored, then the process died.';
    write('work/2026-11-24_0930.txt', text);
    // The state a crash between storing and sending leaves: the memo stored as received, nothing queued.
    const sha256 = sha256Hex(text);
    const relPath = 'work/2026-11-24_0930.txt';
    await deps.store.addMemos([
      {
        id: memoIdOf('local', relPath, sha256),
        userId: 'local',
        recordedAt: '2026-11-24T09:30:00.000Z',
        routeHint: 'work',
        text,
        source: { kind: 'file', path: relPath, sha256 },
        metadata: {},
      },
    ]);
    const report = await ingestFolder(root, deps, OPTIONS);
    expect([report.added, report.alreadyKnown, report.enqueued]).toEqual([0, 1, 1]);
    expect(await drain()).toEqual([
      { memoId: memoIdOf('local', relPath, sha256), route: 'work', userId: 'local' },
    ]);
  });

  it('keeps large transcripts in the blob store and only a reference in the memo', async () => {
    const long = 'We talked about the roadmap. '.repeat(60);
    write('work/2026-11-24_0930.txt', long);
    await ingestFolder(root, deps, OPTIONS);
    const [message] = await drain();
    const [memo] = await deps.store.getMemos([message!.memoId]);
    expect(memo?.text).toBeUndefined();
    expect(Buffer.from(await deps.blobs.get(memo!.textRef!)).toString()).toBe(long.trim());
  });

  it('derives the same id for the same file and a new one when the content changes', async () => {
    write('memories/2026-11-22_1800.txt', 'First version.');
    await ingestFolder(root, deps, OPTIONS);
    write('memories/2026-11-22_1800.txt', 'Second version.');
    const report = await ingestFolder(root, deps, OPTIONS);
    expect([report.added, report.enqueued]).toEqual([1, 1]);
  });

  it('says clearly when the folder does not exist', async () => {
    await expect(ingestFolder(join(dir, 'missing'), deps, OPTIONS)).rejects.toThrow(InvalidMemoError);
    await expect(ingestFolder(join(dir, 'missing'), deps, OPTIONS)).rejects.toThrow(
      /memo folder does not exist/,
    );
  });

  it('stores a recording in the blob store: the memo has an audioRef, no text, and an id from its bytes', async () => {
    const wav = spokenWav('Call the plumber about the boiler.');
    write('work/2026-11-24_0930.wav', wav);
    const report = await ingestFolder(root, deps, OPTIONS);
    expect(report).toMatchObject({ added: 1, enqueued: 1, rejected: [], byRoute: { work: 1 } });
    const [message] = await drain();
    const [memo] = await deps.store.getMemos([message!.memoId]);
    const relPath = 'work/2026-11-24_0930.wav';
    expect(memo).toMatchObject({
      id: memoIdOf('local', relPath, sha256Hex(wav)),
      recordedAt: '2026-11-24T09:30:00.000Z',
      routeHint: 'work',
      audioRef: `audio/${memo!.id}.wav`,
      source: { kind: 'file', path: relPath, sha256: sha256Hex(wav) },
    });
    expect(memo?.text).toBeUndefined();
    expect(memo?.textRef).toBeUndefined();
    expect(Buffer.from(await deps.blobs.get(memo!.audioRef!)).equals(wav)).toBe(true);
    // The same recording again is the same memo.
    expect(await ingestFolder(root, deps, OPTIONS)).toMatchObject({ added: 0, alreadyKnown: 1, enqueued: 0 });
  });

  it('names the format by the bytes, not the extension', async () => {
    write('ideas/2026-11-24_0930.mp3', spokenWav('An app for plants.'));
    await ingestFolder(root, deps, OPTIONS);
    const [memo] = await deps.store.getMemos([(await drain())[0]!.memoId]);
    expect(memo?.audioRef).toMatch(/^audio\/[0-9a-f]{32}\.wav$/);
  });

  it('rejects bad recordings with the file and the reason, and keeps the good ones', async () => {
    write('work/2026-11-24_0930.wav', spokenWav('Fine.'));
    write('work/empty.m4a', new Uint8Array());
    write('memories/2026-11-22_1800.flac', Buffer.concat([Buffer.from('fLaC'), Buffer.alloc(5000)]));
    write('ideas/renamed.ogg', 'just some text, saved with the wrong name');
    write('recipes/2026-11-24_1000.mp3', spokenWav('Pasta.'));
    const report = await ingestFolder(root, deps, { ...OPTIONS, maxAudioBytes: 4096 });
    expect(report).toMatchObject({ scanned: 5, added: 1, enqueued: 1 });
    expect(Object.fromEntries(report.rejected.map((r) => [r.file, r.reason]))).toEqual({
      'work/empty.m4a': 'empty recording (0 bytes)',
      'memories/2026-11-22_1800.flac': '4.9 KiB, over the 4.0 KiB limit (maxAudioBytes)',
      'ideas/renamed.ogg': 'not a recording: the bytes start like none of WAV, MP3, M4A, OGG, FLAC',
      'recipes/2026-11-24_1000.mp3': expect.stringContaining('unknown route folder recipes/'),
    });
  });

  it('lists recordings among the accepted types when it refuses a file', async () => {
    write('work/notes.docx', 'binary-ish');
    const report = await ingestFolder(root, deps, OPTIONS);
    expect(report.rejected[0]?.reason).toBe(
      'unsupported file type .docx; memos are .txt, .md, .markdown, .json, .wav, .mp3, .m4a, .ogg, .flac',
    );
  });
});
