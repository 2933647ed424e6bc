import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { QueueBusyError } from '../domain/errors.js';
import { whenNotBusy } from './when-not-busy.js';

const busy = () =>
  new QueueBusyError('memos', 2, { primary: 10, overflow: 10, highWatermark: 10, overflowCapacity: 10 });

describe('whenNotBusy', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('sends again after the wait the busy queue names, telling onBusy each time', async () => {
    const attempts: number[] = [];
    const send = vi.fn(async () => {
      attempts.push(Date.now());
      if (attempts.length < 3) throw busy();
      return 'sent';
    });
    const onBusy = vi.fn();
    const result = whenNotBusy(send, { onBusy });
    await vi.advanceTimersByTimeAsync(4_000);
    expect(await result).toBe('sent');
    expect(onBusy).toHaveBeenCalledTimes(2);
    expect(attempts[1]! - attempts[0]!).toBe(2_000);
    expect(attempts[2]! - attempts[1]!).toBe(2_000);
  });

  it('stops waiting when the signal aborts, having sent nothing more', async () => {
    const controller = new AbortController();
    const send = vi.fn(async () => {
      throw busy();
    });
    const result = whenNotBusy(send, { signal: controller.signal });
    await vi.advanceTimersByTimeAsync(500);
    controller.abort();
    expect(await result).toBeUndefined();
    expect(send).toHaveBeenCalledTimes(1);
  });

  it('lets any other error through at once', async () => {
    const send = vi.fn(async () => {
      throw new Error('disk full');
    });
    await expect(whenNotBusy(send)).rejects.toThrow('disk full');
    expect(send).toHaveBeenCalledTimes(1);
  });
});
