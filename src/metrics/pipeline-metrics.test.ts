import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { memoFixture, reviewOutcome, workOutcome } from '../../test/support/memos.js';
import { openSqlite, type SqliteDatabase } from '../adapters/sqlite/database.js';
import { sqliteMetricSnapshots } from '../adapters/sqlite/metric-snapshots.js';
import { SqliteQueue } from '../adapters/sqlite/queue.js';
import { SqliteMemoStore } from '../adapters/sqlite/store.js';
import { createPipelineMetrics } from './pipeline-metrics.js';

describe('pipeline metrics', () => {
  let dir: string;
  let db: SqliteDatabase;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ws-metrics-'));
    db = openSqlite(join(dir, 'ws.db'));
  });
  afterEach(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads queue depths and memos by status at scrape time, and counts what the worker reports', async () => {
    const queue = new SqliteQueue<{ n: number }>(db, { name: 'm' });
    const store = new SqliteMemoStore(db);
    await queue.sendBatch([{ body: { n: 1 } }, { body: { n: 2 } }, { body: { n: 3 } }]);
    await queue.receive({ max: 1, waitMs: 0, visibilityMs: 30_000 });
    const memos = [memoFixture(1), memoFixture(2)];
    await store.addMemos(memos);
    await store.saveOutcomes([workOutcome(memos[0]!, 's'), reviewOutcome(memos[1]!)]);
    let llmState: 'closed' | 'open' | 'half-open' = 'open';
    const metrics = createPipelineMetrics({ queue, store, llm: { state: () => llmState } });

    metrics.recordBatch({
      byRoute: { work: 3, review: 1 },
      failed: 2,
      processSeconds: 0.02,
      settleSeconds: 0.004,
    });
    metrics.recordBatch({ byRoute: { work: 1 }, failed: 0, processSeconds: 0.03, settleSeconds: 0.002 });
    const text = await metrics.text();

    expect(text).toContain('whispersync_queue_messages{state="visible"} 2');
    expect(text).toContain('whispersync_queue_messages{state="in_flight"} 1');
    expect(text).toContain('whispersync_memos{status="done"} 1');
    expect(text).toContain('whispersync_memos{status="review"} 1');
    expect(text).toContain('whispersync_memos_processed_total{route="work"} 4');
    expect(text).toContain('whispersync_memos_processed_total{route="review"} 1');
    expect(text).toContain('whispersync_memo_failures_total 2');
    expect(text).toContain('whispersync_batch_stage_seconds_count{stage="process"} 2');
    expect(text).toContain('whispersync_breaker_state{breaker="llm"} 2');
    llmState = 'closed';
    expect(await metrics.text()).toContain('whispersync_breaker_state{breaker="llm"} 0');
    expect(text).toContain('whispersync_process_cpu_seconds_total');
  });

  it('sums worker counters over every process that shares the snapshot store', async () => {
    const queue = new SqliteQueue(db, { name: 'm' });
    const store = new SqliteMemoStore(db);
    const snapshots = sqliteMetricSnapshots(db, Date.now);
    const worker = (processId: string) =>
      createPipelineMetrics({ queue, store }, { store: snapshots, processId, everyMs: 60_000 });
    const a = worker('host-a/1');
    const b = worker('host-b/1');
    a.recordBatch({ byRoute: { work: 3 }, failed: 1, processSeconds: 0.01, settleSeconds: 0.001 });
    b.recordBatch({ byRoute: { work: 2, ideas: 4 }, failed: 0, processSeconds: 0.01, settleSeconds: 0.001 });
    await a.close();
    await b.close();

    // A third process (`whispersync metrics`) that processed nothing itself.
    const text = await worker('host-c/1').text();
    expect(text).toMatch(/^whispersync_memos_processed_total\{route="work"\} 5$/m);
    expect(text).toMatch(/^whispersync_memos_processed_total\{route="ideas"\} 4$/m);
    expect(text).toMatch(/^whispersync_memo_failures_total 1$/m);
    expect(text).toMatch(/^whispersync_batch_stage_seconds_count\{stage="process"\} 2$/m);
  });

  it('shows the transcriber breaker beside the LLM one, and counts transcriptions and deferrals', async () => {
    const queue = new SqliteQueue<{ n: number }>(db, { name: 'm' });
    const store = new SqliteMemoStore(db);
    let transcriberState: 'closed' | 'open' | 'half-open' = 'open';
    const metrics = createPipelineMetrics({ queue, store, transcriber: { state: () => transcriberState } });
    metrics.recordTranscription('deferred');
    metrics.recordTranscription('deferred');
    metrics.recordTranscription('transcribed');
    const text = await metrics.text();
    expect(text).toContain('whispersync_breaker_state{breaker="transcriber"} 2');
    expect(text).not.toContain('breaker="llm"');
    expect(text).toContain('whispersync_transcriptions_total{outcome="deferred"} 2');
    expect(text).toContain('whispersync_transcriptions_total{outcome="transcribed"} 1');
    transcriberState = 'half-open';
    expect(await metrics.text()).toContain('whispersync_breaker_state{breaker="transcriber"} 1');
  });
});
