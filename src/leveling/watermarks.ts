import { ConfigError } from '../domain/errors.js';

/**
 * Load leveling between a primary queue and its overflow: where a producer's batch goes, and which
 * of the two a consumer takes from first. Pure, so the rules are tested without a queue.
 */
export interface LevelingOptions {
  /** Primary depth (visible + in flight + delayed) at which producers turn to the overflow. @default 50000 */
  highWatermark: number;
  /**
   * Producers that turned to the overflow come back to the primary once its depth is below this,
   * and consumers then take from the overflow first, so the overflow drains instead of starving.
   * @default highWatermark / 2
   */
  lowWatermark: number;
  /** Overflow depth at which producers get a QueueBusyError instead of a deeper queue. @default 1000000 */
  overflowCapacity: number;
  /**
   * How long a depth read from stats() is trusted; in between, this process adds what it sends and
   * subtracts what it deletes, so depth checks cost no round trip per send. @default 1000
   */
  depthTtlMs: number;
  /** The wait a QueueBusyError suggests. @default 1 */
  busyRetryAfterSeconds: number;
}

export const DEFAULT_LEVELING: Readonly<LevelingOptions> = {
  highWatermark: 50_000,
  lowWatermark: 25_000,
  overflowCapacity: 1_000_000,
  depthTtlMs: 1_000,
  busyRetryAfterSeconds: 1,
};

/** The defaults merged with `input`, checked; a low watermark not given is half the high one. */
export function levelingOptions(input: Partial<LevelingOptions> = {}): LevelingOptions {
  const highWatermark = input.highWatermark ?? DEFAULT_LEVELING.highWatermark;
  const options: LevelingOptions = {
    ...DEFAULT_LEVELING,
    lowWatermark: Math.floor(highWatermark / 2),
    ...input,
  };
  const problems: string[] = [];
  const wholeAtLeast = (key: keyof LevelingOptions, min: number) => {
    if (!Number.isInteger(options[key]) || options[key] < min)
      problems.push(`${key} must be an integer >= ${min}, got ${options[key]}`);
  };
  wholeAtLeast('highWatermark', 1);
  wholeAtLeast('lowWatermark', 0);
  wholeAtLeast('overflowCapacity', 1);
  wholeAtLeast('depthTtlMs', 0);
  if (!(options.busyRetryAfterSeconds > 0)) {
    problems.push(`busyRetryAfterSeconds must be > 0, got ${options.busyRetryAfterSeconds}`);
  }
  if (options.lowWatermark > options.highWatermark) {
    problems.push(
      `lowWatermark (${options.lowWatermark}) must not be above highWatermark (${options.highWatermark})`,
    );
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return options;
}

/** Messages held by each queue: visible + in flight + delayed. */
export interface Depths {
  primary: number;
  overflow: number;
}

/** Where one batch goes: its first `toPrimary` entries to the primary, the rest to the overflow. */
export type Placement =
  | { kind: 'placed'; toPrimary: number; toOverflow: number; overflowing: boolean }
  | { kind: 'busy' };

/**
 * Where a producer sends a batch of `size`. Below the high watermark the primary takes what fits
 * under it and the overflow the rest; once a producer is overflowing it stays on the overflow until
 * the primary has drained below the low watermark (hysteresis: the primary is not refilled one
 * batch at a time at the mark). The overflow takes a batch while it is below its capacity, so it
 * holds at most capacity + one batch; above it the whole batch is refused (`busy`), never split.
 *
 * @param overflowing whether this producer's previous placement used the overflow
 */
export function placeBatch(
  size: number,
  depths: Depths,
  overflowing: boolean,
  options: LevelingOptions,
): Placement {
  const spilling = overflowing
    ? depths.primary >= options.lowWatermark
    : depths.primary >= options.highWatermark;
  const toPrimary = spilling ? 0 : Math.min(size, options.highWatermark - depths.primary);
  const toOverflow = size - toPrimary;
  if (toOverflow > 0 && depths.overflow >= options.overflowCapacity) return { kind: 'busy' };
  return { kind: 'placed', toPrimary, toOverflow, overflowing: size === 0 ? spilling : toOverflow > 0 };
}

/**
 * Whether a consumer takes from the overflow before the primary: when the primary has drained below
 * the low watermark and the overflow holds messages. Otherwise the primary comes first and the
 * overflow only fills what the primary could not (so no consumer idles while either has work).
 */
export function overflowFirst(depths: Depths, options: LevelingOptions): boolean {
  return depths.overflow > 0 && depths.primary < options.lowWatermark;
}
