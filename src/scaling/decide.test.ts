import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decideScaling, initialScalerState, type ScalerState, type ScalingAction } from './decide.js';
import { DEFAULT_SCALING_POLICY, parseScalingPolicy, type ScalingPolicy } from './policy.js';

const PER_REPLICA = 10;

/**
 * One row of a trace: at `t` seconds the queue holds `depth` waiting messages and the replicas
 * are `load` busy (inFlight / capacity; 0.7 is the default target, so it leaves tracking out);
 * `want` is the desired count after the decision, `kind` the action expected, if any.
 */
type Row = [t: number, depth: number, load: number, want: number, kind?: ScalingAction['kind']];

function runTrace(start: number, rows: Row[], policy: ScalingPolicy = DEFAULT_SCALING_POLICY) {
  let state: ScalerState = initialScalerState(start);
  return rows.map(([t, depth, load]) => {
    const concurrency = state.current * PER_REPLICA;
    const observation = { at: t * 1000, depth, inFlight: Math.round(load * concurrency), concurrency };
    const decision = decideScaling(state, observation, policy);
    state = decision.state;
    return [t, depth, load, decision.desired, decision.action?.kind] as Row;
  });
}

/** Expected rows with `kind` left out where no action is expected, as runTrace reports them. */
const expected = (rows: Row[]) => rows.map(([t, d, l, want, kind]) => [t, d, l, want, kind] as Row);

describe('decideScaling: step scaling on queue depth', () => {
  it('scales a burst out by steps, one scale-out per 60 s cooldown', () => {
    const rows: Row[] = [
      [0, 620, 0.7, 6, 'scale-out'], // ≥ 500: +5
      [30, 900, 0.7, 6], // within the scale-out cooldown
      [59, 900, 0.7, 6],
      [60, 900, 0.7, 11, 'scale-out'],
      [90, 300, 0.7, 11],
      [120, 300, 0.7, 12, 'scale-out'], // ≥ 100: +1
      [180, 99, 0.7, 12], // 1..99: no step
      [240, 100, 0.7, 13, 'scale-out'],
    ];
    expect(runTrace(1, rows)).toEqual(expected(rows));
  });

  it('drains gradually to the minimum: one replica per 300 s, and no further', () => {
    const rows: Row[] = [
      [0, 0, 0, 4, 'scale-in'],
      [60, 0, 0, 4],
      [299, 0, 0, 4],
      [300, 0, 0, 3, 'scale-in'],
      [600, 0, 0, 2, 'scale-in'],
      [900, 0, 0, 1, 'scale-in'],
      [1200, 0, 0, 1],
      [3600, 0, 0, 1],
    ];
    expect(runTrace(5, rows)).toEqual(expected(rows));
  });

  it('waits 300 s after a scale-out before any scale-in', () => {
    const rows: Row[] = [
      [0, 150, 0.7, 3, 'scale-out'],
      [60, 0, 0, 3],
      [299, 0, 0, 3],
      [300, 0, 0, 2, 'scale-in'],
    ];
    expect(runTrace(2, rows)).toEqual(expected(rows));
  });

  it('never goes beyond the maximum or below the minimum', () => {
    const policy = parseScalingPolicy({ min: 2, max: 10 });
    const rows: Row[] = [
      [0, 5000, 1.5, 8, 'scale-out'], // step: 3 + 5; tracking: ceil(3 × 1.5 / 0.7) = 7
      [60, 5000, 1.5, 10, 'scale-out'], // 8 + 5, capped at 10
      [120, 5000, 1.5, 10],
    ];
    expect(runTrace(3, rows, policy)).toEqual(expected(rows));
    let state = initialScalerState(2);
    for (let t = 0; t < 50; t++) {
      state = decideScaling(state, { at: t * 400_000, depth: 0, inFlight: 0, concurrency: 20 }, policy).state;
      expect(state.current).toBe(2);
    }
  });

  it('follows a custom list of steps, in any order', () => {
    const policy = parseScalingPolicy({
      steps: [
        { atLeast: 50, change: 2 },
        { atLeast: 0, change: -2 },
        { atLeast: 1, change: 0 },
      ],
    });
    const rows: Row[] = [
      [0, 50, 0.7, 7, 'scale-out'],
      [60, 49, 0.7, 7],
      [400, 0, 0, 6, 'scale-in'], // the step says −2, target tracking −1: the cautious one wins
    ];
    expect(runTrace(5, rows, policy)).toEqual(expected(rows));
  });
});

describe('decideScaling: target tracking on utilization', () => {
  it('scales out in proportion to how far utilization is above the 0.7 target', () => {
    const rows: Row[] = [
      [0, 10, 1.4, 8, 'scale-out'], // ceil(4 × 1.4 / 0.7) = 8
      [60, 10, 0.77, 9, 'scale-out'], // ceil(8 × 0.77 / 0.7) = ceil(8.8) = 9
      [120, 10, 0.7, 9], // on target
      [180, 10, 0.5, 9], // below, but not well below
    ];
    expect(runTrace(4, rows)).toEqual(expected(rows));
  });

  it('lets the policy asking for the most capacity win a scale-out', () => {
    const step = decideScaling(
      initialScalerState(2),
      { at: 0, depth: 600, inFlight: 16, concurrency: 20 },
      DEFAULT_SCALING_POLICY,
    );
    expect(step.action).toEqual({
      kind: 'scale-out',
      from: 2,
      to: 7,
      reason: 'queue depth 600 ≥ 500: step +5',
    }); // tracking: ceil(2 × 0.8 / 0.7) = 3
    const tracking = decideScaling(
      initialScalerState(10),
      { at: 0, depth: 150, inFlight: 140, concurrency: 100 },
      DEFAULT_SCALING_POLICY,
    );
    expect(tracking.action).toEqual({
      kind: 'scale-out',
      from: 10,
      to: 20,
      reason: 'utilization 1.4 above target 0.7: ceil(10 × 1.4 / 0.7) = 20',
    }); // step: +1
  });

  it('scales in only when both policies agree', () => {
    const at = 0;
    const policy = DEFAULT_SCALING_POLICY;
    // Empty queue, but the replicas are busy with what they hold: keep them.
    expect(
      decideScaling(initialScalerState(4), { at, depth: 0, inFlight: 20, concurrency: 40 }, policy),
    ).toEqual({
      desired: 4,
      state: initialScalerState(4),
    });
    // Idle replicas, but messages are waiting (depth 1..99 is no step): keep them.
    expect(
      decideScaling(initialScalerState(4), { at, depth: 40, inFlight: 0, concurrency: 40 }, policy).desired,
    ).toBe(4);
    // Both: one fewer, with both reasons.
    expect(
      decideScaling(initialScalerState(4), { at, depth: 0, inFlight: 4, concurrency: 40 }, policy).action,
    ).toEqual({
      kind: 'scale-in',
      from: 4,
      to: 3,
      reason: 'queue depth 0: step -1; utilization 0.1 below 0.35: −1',
    });
  });

  it('does not scale in when the replicas left would run above the target', () => {
    const policy = parseScalingPolicy({ scaleInUtilization: 0.6 });
    // 2 replicas at 0.5 → 1 replica at 1.0: the next look would scale straight back out.
    const decision = decideScaling(
      initialScalerState(2),
      { at: 0, depth: 0, inFlight: 10, concurrency: 20 },
      policy,
    );
    expect(decision.action).toBeUndefined();
    // 3 replicas at 0.4 → 2 at 0.6: fine.
    const ok = decideScaling(
      initialScalerState(3),
      { at: 0, depth: 0, inFlight: 12, concurrency: 30 },
      policy,
    );
    expect(ok.desired).toBe(2);
  });

  it('leaves utilization out when no capacity is reported', () => {
    const decision = decideScaling(
      initialScalerState(3),
      { at: 0, depth: 150, inFlight: 5, concurrency: 0 },
      DEFAULT_SCALING_POLICY,
    );
    expect(decision.desired).toBe(4);
  });
});

describe('decideScaling: state and bounds', () => {
  it('brings a count outside [min, max] back at once, cooldown or not', () => {
    const policy = parseScalingPolicy({ min: 2, max: 8 });
    const recent: ScalerState = { current: 12, lastScaleOutAt: 1000, lastScaleInAt: 1000 };
    expect(
      decideScaling(recent, { at: 2000, depth: 900, inFlight: 0, concurrency: 0 }, policy).action,
    ).toEqual({
      kind: 'scale-in',
      from: 12,
      to: 8,
      reason: '12 replicas is above the maximum 8',
    });
    expect(
      decideScaling({ ...recent, current: 0 }, { at: 2000, depth: 0, inFlight: 0, concurrency: 0 }, policy)
        .desired,
    ).toBe(2);
  });

  it('keeps a state that survives JSON and does not change the one it was given', () => {
    const before = initialScalerState(1);
    const decision = decideScaling(
      before,
      { at: 5000, depth: 700, inFlight: 0, concurrency: 10 },
      DEFAULT_SCALING_POLICY,
    );
    expect(before).toEqual(initialScalerState(1));
    expect(decision.state).toEqual({ current: 6, lastScaleOutAt: 5000, lastScaleInAt: null });
    expect(JSON.parse(JSON.stringify(decision.state))).toEqual(decision.state);
  });

  it('rejects observations that are not counts', () => {
    const state = initialScalerState(1);
    expect(() =>
      decideScaling(state, { at: 0, depth: -1, inFlight: 0, concurrency: 1 }, DEFAULT_SCALING_POLICY),
    ).toThrow(/observation.depth must be a finite number ≥ 0, got -1/);
    expect(() =>
      decideScaling(state, { at: 0, depth: 0, inFlight: Number.NaN, concurrency: 1 }, DEFAULT_SCALING_POLICY),
    ).toThrow(/observation.inFlight/);
    expect(() =>
      decideScaling(
        { ...state, current: 1.5 },
        { at: 0, depth: 0, inFlight: 0, concurrency: 1 },
        DEFAULT_SCALING_POLICY,
      ),
    ).toThrow(/state.current must be a whole number/);
  });
});

describe('decideScaling over random traces (property)', () => {
  const policyArb = fc
    .record({
      min: fc.integer({ min: 1, max: 5 }),
      span: fc.integer({ min: 0, max: 60 }),
      scaleOutCooldownMs: fc.integer({ min: 0, max: 120_000 }),
      scaleInCooldownMs: fc.integer({ min: 0, max: 600_000 }),
    })
    .map(({ min, span, ...cooldowns }) => parseScalingPolicy({ min, max: min + span, ...cooldowns }));
  const stepArb = fc.record({
    dtMs: fc.integer({ min: 0, max: 120_000 }),
    // Oscillating depth: empty, a little, over each step.
    depth: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 120 }), fc.integer({ min: 0, max: 3000 })),
    load: fc.double({ min: 0, max: 2, noNaN: true }),
  });

  it('never flaps: scale-ins ≥ scaleInCooldown after any action, scale-outs ≥ scaleOutCooldown apart, desired in [min, max]', () => {
    fc.assert(
      fc.property(
        policyArb,
        fc.integer({ min: 0, max: 60 }),
        fc.array(stepArb, { maxLength: 200 }),
        (policy, offset, trace) => {
          let state = initialScalerState(Math.min(policy.max, policy.min + offset));
          let at = 1_700_000_000_000;
          let lastOut = Number.NEGATIVE_INFINITY;
          let lastAny = Number.NEGATIVE_INFINITY;
          for (const { dtMs, depth, load } of trace) {
            at += dtMs;
            const concurrency = state.current * PER_REPLICA;
            const inFlight = Math.round(load * concurrency);
            const decision = decideScaling(state, { at, depth, inFlight, concurrency }, policy);
            expect(decision.desired).toBeGreaterThanOrEqual(policy.min);
            expect(decision.desired).toBeLessThanOrEqual(policy.max);
            expect(decision.state.current).toBe(decision.desired);
            expect(decision.action !== undefined).toBe(decision.desired !== state.current);
            if (decision.action?.kind === 'scale-out') {
              expect(at - lastOut).toBeGreaterThanOrEqual(policy.scaleOutCooldownMs);
              expect(decision.action.to).toBeGreaterThan(decision.action.from);
              lastOut = at;
            }
            if (decision.action?.kind === 'scale-in') {
              expect(at - lastAny).toBeGreaterThanOrEqual(policy.scaleInCooldownMs);
              expect(decision.action.to).toBeLessThan(decision.action.from);
            }
            if (decision.action) lastAny = at;
            state = JSON.parse(JSON.stringify(decision.state)) as ScalerState;
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('parseScalingPolicy', () => {
  it('fills in the defaults of the issue', () => {
    expect(parseScalingPolicy()).toEqual({
      min: 1,
      max: 100,
      steps: [
        { atLeast: 0, change: -1 },
        { atLeast: 1, change: 0 },
        { atLeast: 100, change: 1 },
        { atLeast: 500, change: 5 },
      ],
      targetUtilization: 0.7,
      scaleInUtilization: 0.35,
      scaleOutCooldownMs: 60_000,
      scaleInCooldownMs: 300_000,
    });
  });

  it('reports every bad field at once, with its value', () => {
    expect(() =>
      parseScalingPolicy({
        min: 5,
        max: 3,
        targetUtilization: 0,
        steps: [{ atLeast: 10, change: 1.5 }],
        cooldown: 1,
      }),
    ).toThrow(
      expect.objectContaining({
        problems: expect.arrayContaining([
          expect.stringMatching(/^scaling\.targetUtilization = 0: /),
          expect.stringMatching(/^scaling\.steps\.0\.change = 1\.5: /),
          'scaling.cooldown: unknown setting',
        ]),
      }),
    );
    expect(() => parseScalingPolicy({ min: 5, max: 3 })).toThrow(
      /scaling\.min = 5: must not exceed max \(3\)/,
    );
    expect(() =>
      parseScalingPolicy({
        steps: [
          { atLeast: 1, change: 1 },
          { atLeast: 1, change: 2 },
        ],
      }),
    ).toThrow(/two steps start at depth 1/);
    expect(() => parseScalingPolicy({ scaleInUtilization: 0.8 })).toThrow(
      /must be below targetUtilization \(0\.7\)/,
    );
  });
});
