/**
 * EventBridge event patterns: the same JSON language AWS rules are written in, so a rule written for an
 * AWS event bus routes WhisperSync's events unchanged. Validation follows EventBridge's rules; matching
 * follows its documented semantics. See README.md beside this file for the semantics and the few places
 * where the documentation left a choice.
 *
 * @example
 * validatePattern({ detail: { agent_type: ['work_journal'] } });
 * matchesPattern({ detail: { tags: [{ prefix: 'proj-' }] } }, event); // true if any tag starts with proj-
 * compileRules([{ name: 'journal', pattern }]).matchingRules(event); // ['journal']
 */
import type { Matcher } from './match.js';
import { compileNode } from './match.js';
import { parsePattern } from './parse.js';

export type { Scalar } from './ast.js';
export { InvalidPatternError, isInvalidPatternError } from './errors.js';
export { compileRules, type Rule, type RuleMatcher } from './rules.js';

/**
 * Throws if EventBridge would reject the pattern.
 * @throws InvalidPatternError with the JSON path of the problem, e.g. `detail.sentiment[0].numeric`
 */
export function validatePattern(pattern: unknown): void {
  parsePattern(pattern);
}

/**
 * Validates a pattern once and returns a function that tells whether an event matches it.
 * @throws InvalidPatternError if the pattern is not valid
 */
export function compilePattern(pattern: unknown): (event: unknown) => boolean {
  const matcher: Matcher = compileNode(parsePattern(pattern));
  return (event) => matcher(event);
}

/**
 * Whether one event matches one pattern, like `aws events test-event-pattern`. To match many events,
 * compile the pattern once with {@link compilePattern} or a rule set with {@link compileRules}.
 * @throws InvalidPatternError if the pattern is not valid
 */
export function matchesPattern(pattern: unknown, event: unknown): boolean {
  return compilePattern(pattern)(event);
}
