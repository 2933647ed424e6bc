import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MemoStore } from '../../src/ports/store.js';
import { journalResult, memoFixture, reviewOutcome, workOutcome } from '../support/memos.js';

export interface StoreConformanceOptions {
  name: string;
  create: () => Promise<{ store: MemoStore; cleanup(): Promise<void> }>;
}

/** What every MemoStore adapter must do, whatever engine is underneath. */
export function runStoreConformance({ name, create }: StoreConformanceOptions): void {
  describe(`MemoStore conformance: ${name}`, () => {
    let store: MemoStore;
    let cleanup: () => Promise<void>;
    beforeEach(async () => {
      ({ store, cleanup } = await create());
    });
    afterEach(async () => {
      await cleanup();
    });

    it('adds new memos as received (inbox ones too) and leaves known memos untouched', async () => {
      const work = memoFixture(1);
      const inbox = memoFixture(2, { routeHint: 'inbox' });
      const first = await store.addMemos([work, inbox]);
      expect(first.get(work.id)).toEqual({ status: 'received', isNew: true });
      expect(first.get(inbox.id)).toEqual({ status: 'received', isNew: true });

      await store.markQueued([work.id]);
      const again = await store.addMemos([{ ...work, text: 'changed' }, inbox]);
      expect(again.get(work.id)).toEqual({ status: 'queued', isNew: false });
      expect(again.get(inbox.id)).toEqual({ status: 'received', isNew: false });
      const [stored] = await store.getMemos([work.id]);
      expect(stored?.text).toBe(work.text);
    });

    it('returns memos as they were added, including blob references', async () => {
      const inline = memoFixture(3, { metadata: { title: 'Standup', tags: ['team'] } });
      const { text: _text, ...rest } = memoFixture(4);
      const claimCheck = { ...rest, textRef: 'transcripts/abc.txt' };
      await store.addMemos([inline, claimCheck]);
      const byId = new Map(
        (await store.getMemos([inline.id, claimCheck.id, 'missing'])).map((m) => [m.id, m]),
      );
      expect(byId.get(inline.id)).toEqual(inline);
      expect(byId.get(claimCheck.id)).toEqual(claimCheck);
      expect(byId.has('missing')).toBe(false);
    });

    it('upserts results by (memo, agent): saving twice keeps one result, the last one', async () => {
      const memo = memoFixture(5);
      await store.addMemos([memo]);
      await store.saveOutcomes([workOutcome(memo, 'first')]);
      await store.saveOutcomes([workOutcome(memo, 'second')]);
      const results = [];
      for await (const r of store.iterateResults('work_journal')) results.push(r);
      expect(results).toHaveLength(1);
      expect(results[0]?.result).toEqual(journalResult(memo, 'second'));
      expect((await store.stats()).byStatus.done).toBe(1);
    });

    it("gets one agent's result for one memo, or nothing", async () => {
      const memo = memoFixture(15);
      await store.addMemos([memo]);
      await store.saveOutcomes([workOutcome(memo, 'one')]);
      expect(await store.getResult(memo.id, 'work_journal')).toEqual({
        memoId: memo.id,
        recordedAt: memo.recordedAt,
        result: journalResult(memo, 'one'),
      });
      expect(await store.getResult(memo.id, 'memory')).toBeUndefined();
      expect(await store.getResult('missing', 'work_journal')).toBeUndefined();
    });

    it('iterates results in render order: recordedAt, then memo id', async () => {
      const memos = [memoFixture(9), memoFixture(7), memoFixture(8), memoFixture(36)];
      await store.addMemos(memos);
      await store.saveOutcomes(memos.map((m) => workOutcome(m, 's')));
      const order = [];
      for await (const r of store.iterateResults('work_journal')) order.push([r.recordedAt, r.memoId]);
      const expected = memos.map((m) => [m.recordedAt, m.id]).sort((a, b) => (a.join() < b.join() ? -1 : 1));
      expect(order).toEqual(expected);
      const none = [];
      for await (const r of store.iterateResults('memory')) none.push(r);
      expect(none).toEqual([]);
    });

    it('counts memos by folder, destination and status, and results', async () => {
      const memos = [
        memoFixture(10),
        memoFixture(11, { routeHint: 'ideas' }),
        memoFixture(12, { routeHint: 'inbox' }),
        memoFixture(13, { routeHint: 'inbox' }),
      ];
      await store.addMemos(memos);
      await store.markQueued(memos.slice(0, 3).map((m) => m.id));
      await store.saveOutcomes([workOutcome(memos[0]!, 's'), reviewOutcome(memos[2]!)]);
      expect(await store.stats()).toEqual({
        byRoute: { work: 1, ideas: 1, inbox: 2 },
        byDestination: { work: 1, review: 1 },
        byStatus: { done: 1, queued: 1, review: 1, received: 1 },
        results: 1,
      });
    });

    it("replaces a memo's results when it is processed again with another routing", async () => {
      const memo = memoFixture(14, { routeHint: 'inbox' });
      await store.addMemos([memo]);
      await store.saveOutcomes([workOutcome(memo, 'first')]);
      await store.saveOutcomes([reviewOutcome(memo)]);
      const results = [];
      for await (const r of store.iterateResults('work_journal')) results.push(r);
      expect(results).toEqual([]);
      expect(await store.stats()).toMatchObject({
        byDestination: { review: 1 },
        byStatus: { review: 1 },
        results: 0,
      });
    });

    it('handles large batches in one call', async () => {
      const memos = Array.from({ length: 2500 }, (_, i) => memoFixture(100 + i));
      const added = await store.addMemos(memos);
      expect([...added.values()].filter((a) => a.isNew)).toHaveLength(2500);
      expect(await store.getMemos(memos.map((m) => m.id))).toHaveLength(2500);
    });
  });
}
