import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { WhisperSyncError } from '../domain/errors.js';
import { type EventRule, parseRules } from './rule.js';

/** A rules file that cannot be read or parsed; rule-level problems throw InvalidRuleError instead. */
export class RulesFileError extends WhisperSyncError {
  override readonly name = 'RulesFileError';
}

/**
 * Reads rules from a JSON or YAML file: a list of rules, or an object with a `rules` list.
 * @throws RulesFileError for an unreadable file; InvalidRuleError naming the rule and path of a bad rule
 */
export function loadRulesFile(file: string): EventRule[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new RulesFileError(`rules file ${file}: cannot be read (${(error as Error).message})`, {
      cause: error,
    });
  }
  let value: unknown;
  const json = extname(file).toLowerCase() === '.json';
  try {
    value = json ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    throw new RulesFileError(
      `rules file ${file}: not valid ${json ? 'JSON' : 'YAML'} (${(error as Error).message})`,
      {
        cause: error,
      },
    );
  }
  const list =
    typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as { rules?: unknown }).rules
      : value;
  if (!Array.isArray(list))
    throw new RulesFileError(`rules file ${file}: expected a list of rules or { rules: [...] }`);
  return parseRules(list);
}
