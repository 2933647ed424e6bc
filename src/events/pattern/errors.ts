import { WhisperSyncError } from '../../domain/errors.js';

/**
 * An event pattern that EventBridge would refuse. `path` names the offending part of the pattern the way
 * a person would point at it (`detail.sentiment[0].numeric`, empty for the pattern itself), `problem` says
 * what is wrong with it, and `rule` names the rule it came from when it was compiled as part of a rule set.
 */
export class InvalidPatternError extends WhisperSyncError {
  override readonly name = 'InvalidPatternError';
  readonly rule: string | undefined;
  constructor(
    readonly path: string,
    readonly problem: string,
    rule?: string,
  ) {
    const where = path === '' ? 'invalid event pattern' : `invalid event pattern at ${path}`;
    super(`${rule === undefined ? '' : `rule "${rule}": `}${where}: ${problem}`);
    this.rule = rule;
  }

  /** The same error, attributed to the rule it was found in. */
  inRule(rule: string): InvalidPatternError {
    return new InvalidPatternError(this.path, this.problem, rule);
  }
}

export const isInvalidPatternError = (e: unknown): e is InvalidPatternError =>
  e instanceof InvalidPatternError;
