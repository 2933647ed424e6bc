import { performance } from 'node:perf_hooks';
import type { QueueStats } from '../ports/queue.js';
import type { Depths } from './watermarks.js';

/** What a queue holds for leveling: every message not yet deleted or dead-lettered. */
export const depthOf = (stats: QueueStats): number => stats.visible + stats.inFlight + stats.delayed;

/**
 * The primary's and overflow's depths as this process last read them, trusted for `ttlMs` and kept
 * current in between by what this process sends and deletes. Others' sends and deletes show up at
 * the next read; so with several producers the primary can pass its high watermark by about one
 * batch per producer, never by an unbounded amount.
 */
export class DepthGauge {
  private depths: Depths = { primary: 0, overflow: 0 };
  private readAt = Number.NEGATIVE_INFINITY;
  /** How long the last read took: a slow read (a deep SQLite queue is counted row by row) is made less often. */
  private readMs = 0;
  private reading: Promise<Depths> | undefined;

  constructor(
    private readonly read: () => Promise<Depths>,
    private readonly ttlMs: number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /**
   * The depths, read again (once, however many callers wait) when the last read is older than
   * `ttlMs`, or than 20 times what that read took, so reading costs at most about 5% of the time.
   */
  async current(): Promise<Depths> {
    if (this.now() - this.readAt < Math.max(this.ttlMs, 20 * this.readMs)) return this.depths;
    const started = this.now();
    this.reading ??= this.read()
      .then((depths) => {
        this.observe(depths);
        this.readMs = this.now() - started;
        return this.depths;
      })
      .finally(() => {
        this.reading = undefined;
      });
    return this.reading;
  }

  /** Depths read elsewhere (a stats() call) count as a fresh read. */
  observe(depths: Depths): void {
    this.depths = { ...depths };
    this.readAt = this.now();
  }

  /** This process added (`by` > 0) or removed messages. */
  adjust(which: keyof Depths, by: number): void {
    this.depths[which] = Math.max(0, this.depths[which] + by);
  }
}
