import { z } from 'zod';
import { WhisperSyncError } from '../domain/errors.js';
import { InvalidPatternError, validatePattern } from './pattern/index.js';

/** EventBridge's names: letters, digits, `.`, `-`, `_`, up to 64 characters. */
const NAME = /^[.\-_A-Za-z0-9]{1,64}$/;

const inputTransformerSchema = z.strictObject({
  /** Variable name → JSON path into the event, e.g. `{ "memo": "$.detail.memo_id" }`. */
  inputPathsMap: z.record(z.string().regex(/^[A-Za-z0-9_.-]+$/), z.string().startsWith('$')).default({}),
  /** `<name>` placeholders; JSON (values inserted as JSON) or plain text. */
  inputTemplate: z.string().min(1),
});

const targetCommon = {
  id: z.string().regex(NAME, 'letters, digits, ".", "-" and "_", at most 64'),
  /** JSON path of the part of the event the target receives, e.g. `$.detail`. */
  inputPath: z.string().startsWith('$').optional(),
  inputTransformer: inputTransformerSchema.optional(),
};

const handlerTarget = z.strictObject({
  ...targetCommon,
  type: z.literal('handler'),
  /** A handler registered with the bus: built in `analytics`, `sentiment-trend`; `memory-search` when provided. */
  handler: z.string().regex(NAME),
  /** How long failures are retried before the delivery is dead-lettered. @default the bus's retry window */
  retryWindowMs: z.number().int().min(0).optional(),
});

const queueTarget = z.strictObject({
  ...targetCommon,
  type: z.literal('queue'),
  /** A named queue in the same database. */
  queue: z.string().regex(/^[a-z0-9][a-z0-9_.-]*$/, 'use lowercase letters, digits, ".", "-" and "_"'),
  retryWindowMs: z.number().int().min(0).optional(),
});

const webhookTarget = z.strictObject({
  ...targetCommon,
  type: z.literal('webhook'),
  url: z.url({ protocol: /^https?$/ }),
  /** Key of the HMAC-SHA256 signature the receiver checks. */
  secret: z.string().min(8, 'use a secret of at least 8 characters'),
  /** Per attempt. @default the bus's webhook timeout (10 s) */
  timeoutMs: z.number().int().min(1).max(300_000).optional(),
  /** Failures are retried with backoff until this long after the event was enqueued. @default 24 h */
  retryWindowMs: z.number().int().min(0).optional(),
});

export const targetSchema = z
  .discriminatedUnion('type', [handlerTarget, queueTarget, webhookTarget])
  .refine((t) => t.inputPath === undefined || t.inputTransformer === undefined, {
    message: 'give inputPath or inputTransformer, not both',
  });

export const ruleSchema = z.strictObject({
  name: z.string().regex(NAME, 'letters, digits, ".", "-" and "_", at most 64'),
  description: z.string().optional(),
  pattern: z.record(z.string(), z.unknown()),
  targets: z.array(targetSchema).min(1, 'a rule needs at least one target'),
  enabled: z.boolean().default(true),
});

export type Target = z.infer<typeof targetSchema>;
export type WebhookTarget = z.infer<typeof webhookTarget>;
export type InputTransformer = z.infer<typeof inputTransformerSchema>;
/** A rule: events matching `pattern` are delivered to each of `targets`. */
export type EventRule = z.infer<typeof ruleSchema>;

/** A rule definition that cannot be used; `rule` and `path` say where, `problem` what. */
export class InvalidRuleError extends WhisperSyncError {
  override readonly name = 'InvalidRuleError';
  constructor(
    readonly rule: string,
    readonly path: string,
    readonly problem: string,
  ) {
    super(`rule "${rule}"${path === '' ? '' : ` at ${path}`}: ${problem}`);
  }
}

export const isInvalidRuleError = (e: unknown): e is InvalidRuleError => e instanceof InvalidRuleError;

/**
 * Validates one rule definition: its shape (zod) and its pattern (as EventBridge would).
 * @param fallbackName names the rule in errors when the definition has no usable name
 * @throws InvalidRuleError naming the rule and the path of the first problem
 */
export function parseRule(input: unknown, fallbackName = '(unnamed)'): EventRule {
  const named =
    typeof input === 'object' && input !== null && typeof (input as { name?: unknown }).name === 'string'
      ? (input as { name: string }).name
      : fallbackName;
  const parsed = ruleSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new InvalidRuleError(named, pathText(issue.path), issue.message);
  }
  try {
    validatePattern(parsed.data.pattern);
  } catch (error) {
    if (error instanceof InvalidPatternError) {
      const path = error.path === '' ? 'pattern' : `pattern.${error.path}`;
      throw new InvalidRuleError(named, path, error.problem);
    }
    throw error;
  }
  return parsed.data;
}

/**
 * Validates a rule set: every rule, unique rule names, and target ids unique across rules (a target id
 * names its delivery queue and dead-letter queue).
 */
export function parseRules(inputs: readonly unknown[]): EventRule[] {
  const rules = inputs.map((input, i) => parseRule(input, `rules[${i}]`));
  checkUnique(rules);
  return rules;
}

/** Throws if two rules share a name or two targets share an id. */
export function checkUnique(rules: readonly EventRule[]): void {
  const names = new Set<string>();
  const targets = new Map<string, string>();
  for (const rule of rules) {
    if (names.has(rule.name)) throw new InvalidRuleError(rule.name, 'name', 'another rule has this name');
    names.add(rule.name);
    rule.targets.forEach((target, i) => {
      const owner = targets.get(target.id);
      if (owner !== undefined) {
        throw new InvalidRuleError(
          rule.name,
          `targets[${i}].id`,
          `target id "${target.id}" is already used by rule "${owner}"; target ids name delivery queues, so they must be unique`,
        );
      }
      targets.set(target.id, rule.name);
    });
  }
}

function pathText(path: readonly PropertyKey[]): string {
  return path
    .map((key, i) => (typeof key === 'number' ? `[${key}]` : `${i === 0 ? '' : '.'}${String(key)}`))
    .join('');
}
