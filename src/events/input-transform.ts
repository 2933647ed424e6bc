import type { BusEvent } from '../domain/events.js';
import { selectPath } from './json-path.js';
import type { InputTransformer, Target } from './rule.js';

/** What a target receives: the value (for in-process targets) and its wire form (for webhooks). */
export interface TargetInput {
  value: unknown;
  /** The body as sent over HTTP. */
  body: string;
  /** `application/json` unless a non-JSON input template made plain text. */
  contentType: 'application/json' | 'text/plain';
}

/**
 * The input a target receives for an event, as EventBridge builds it: the whole event; or the part at
 * `inputPath` (`null` when the path leads nowhere); or an input template with `<name>` placeholders
 * filled from `inputPathsMap`. A template that is JSON once filled gets JSON values (strings quoted,
 * a missing path `null`; inside a JSON string, the text without quotes); any other template is plain
 * text (strings as they are, other values as JSON, a missing path empty).
 * Predefined variables: `aws.events.rule-name`, `aws.events.event.json` (the whole event),
 * `aws.events.event` (the event without `detail`), `aws.events.event.ingestion-time` (its time).
 */
export function targetInput(
  target: Pick<Target, 'inputPath' | 'inputTransformer'>,
  event: BusEvent,
  ruleName: string,
): TargetInput {
  if (target.inputTransformer) return fromTemplate(target.inputTransformer, event, ruleName);
  const value = target.inputPath === undefined ? event : (selectPath(event, target.inputPath) ?? null);
  return { value, body: JSON.stringify(value), contentType: 'application/json' };
}

const PLACEHOLDER = /<([A-Za-z0-9_.-]+)>/y;

function fromTemplate(transformer: InputTransformer, event: BusEvent, ruleName: string): TargetInput {
  const { detail: _detail, ...withoutDetail } = event;
  const vars = new Map<string, unknown>([
    ['aws.events.rule-name', ruleName],
    ['aws.events.event.json', event],
    ['aws.events.event', withoutDetail],
    ['aws.events.event.ingestion-time', event.time],
  ]);
  for (const [name, path] of Object.entries(transformer.inputPathsMap)) {
    vars.set(name, selectPath(event, path));
  }
  const template = transformer.inputTemplate;
  const asJson = render(template, vars, 'json');
  try {
    const value: unknown = JSON.parse(asJson);
    return { value, body: asJson, contentType: 'application/json' };
  } catch {
    const text = render(template, vars, 'text');
    return { value: text, body: text, contentType: 'text/plain' };
  }
}

function render(template: string, vars: Map<string, unknown>, mode: 'json' | 'text'): string {
  let out = '';
  let inString = false;
  for (let i = 0; i < template.length; ) {
    const c = template[i]!;
    if (c === '\\' && inString) {
      out += template.slice(i, i + 2);
      i += 2;
      continue;
    }
    if (c === '"') inString = !inString;
    if (c === '<') {
      PLACEHOLDER.lastIndex = i;
      const m = PLACEHOLDER.exec(template);
      if (m && vars.has(m[1]!)) {
        out += fill(vars.get(m[1]!), mode, inString);
        i += m[0].length;
        continue;
      }
    }
    out += c;
    i++;
  }
  return out;
}

function fill(value: unknown, mode: 'json' | 'text', inString: boolean): string {
  if (mode === 'text') {
    if (value === undefined) return '';
    return typeof value === 'string' ? value : JSON.stringify(value);
  }
  const json = JSON.stringify(value ?? null);
  if (!inString) return json;
  // Inside a JSON string: the text of the value, escaped so the string stays valid.
  const text = typeof value === 'string' ? value : value === undefined ? '' : json;
  return JSON.stringify(text).slice(1, -1);
}
