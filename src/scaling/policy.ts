import { z } from 'zod';
import { ConfigError } from '../domain/errors.js';

/**
 * One step of step scaling: from `atLeast` messages waiting (up to the next step's `atLeast`),
 * change the replica count by `change`. A depth below every step changes nothing.
 */
export interface ScalingStep {
  atLeast: number;
  change: number;
}

/**
 * The default steps: an empty queue → −1, 1..99 waiting → 0, ≥ 100 → +1, ≥ 500 → +5.
 */
export const DEFAULT_SCALING_STEPS: readonly ScalingStep[] = [
  { atLeast: 0, change: -1 },
  { atLeast: 1, change: 0 },
  { atLeast: 100, change: 1 },
  { atLeast: 500, change: 5 },
];

const stepSchema = z.strictObject({
  atLeast: z.number().int().min(0),
  change: z.number().int(),
});

/** Validates a scaling policy and fills in the defaults; see {@link ScalingPolicy}. */
export const scalingPolicySchema = z
  .strictObject({
    /** Fewest replicas; at least 1 so that a few waiting memos are never stranded. @default 1 */
    min: z.number().int().min(1).default(1),
    /** Most replicas. @default 100 */
    max: z.number().int().min(1).default(100),
    /** Step scaling on queue depth (visible messages). @default DEFAULT_SCALING_STEPS */
    steps: z
      .array(stepSchema)
      .default(() => DEFAULT_SCALING_STEPS.map((s) => ({ ...s })))
      .transform((steps) => [...steps].sort((a, b) => a.atLeast - b.atLeast)),
    /** Target tracking: utilization (inFlight / concurrency) to hold. @default 0.7 */
    targetUtilization: z.number().positive().default(0.7),
    /**
     * Target tracking asks for one replica less only below this utilization, and only if the
     * remaining replicas would still stay at or under the target. @default 0.35
     */
    scaleInUtilization: z.number().min(0).default(0.35),
    /** A scale-out within this long of the last scale-out is suppressed. @default 60000 */
    scaleOutCooldownMs: z.number().int().min(0).default(60_000),
    /** No scale-in within this long of the last scaling action of either kind. @default 300000 */
    scaleInCooldownMs: z.number().int().min(0).default(300_000),
  })
  .superRefine((policy, ctx) => {
    if (policy.min > policy.max) {
      ctx.addIssue({ code: 'custom', path: ['min'], message: `must not exceed max (${policy.max})` });
    }
    if (policy.scaleInUtilization >= policy.targetUtilization) {
      ctx.addIssue({
        code: 'custom',
        path: ['scaleInUtilization'],
        message: `must be below targetUtilization (${policy.targetUtilization})`,
      });
    }
    const thresholds = policy.steps.map((s) => s.atLeast);
    const repeated = thresholds.find((t, i) => thresholds.indexOf(t) !== i);
    if (repeated !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['steps'], message: `two steps start at depth ${repeated}` });
    }
  });

/** A validated scaling policy with every default filled in. */
export type ScalingPolicy = z.output<typeof scalingPolicySchema>;
/** What a user may write: every field optional. */
export type ScalingPolicyInput = z.input<typeof scalingPolicySchema>;

/**
 * A policy from user input (config file, flags), with defaults.
 *
 * @throws ConfigError listing every bad field at once, e.g. `scaling.min = 5: must not exceed max (3)`
 * @example parseScalingPolicy({ max: 20 }).targetUtilization // 0.7
 */
export function parseScalingPolicy(input: unknown = {}): ScalingPolicy {
  const parsed = scalingPolicySchema.safeParse(input);
  if (parsed.success) return parsed.data;
  throw new ConfigError(
    parsed.error.issues.flatMap((issue) => {
      const path = ['scaling', ...issue.path.map(String)].join('.');
      if (issue.code === 'unrecognized_keys')
        return issue.keys.map((key) => `${path}.${key}: unknown setting`);
      const value = valueAt(input, issue.path);
      return [`${path}${value === undefined ? '' : ` = ${JSON.stringify(value)}`}: ${issue.message}`];
    }),
  );
}

/** The policy with every default. */
export const DEFAULT_SCALING_POLICY: ScalingPolicy = parseScalingPolicy({});

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input;
  for (const key of path) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}
