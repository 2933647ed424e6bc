import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { BusEvent } from '../domain/events.js';
import { backoffDelay } from './backoff.js';
import { targetInput } from './input-transform.js';

const event: BusEvent = {
  version: '0',
  id: 'e-1',
  source: 'whispersync',
  'detail-type': 'TranscriptProcessed',
  time: '2026-01-05T09:30:00.000Z',
  account: '000000000000',
  region: 'local',
  resources: [],
  detail: {
    memo_id: 'm-1',
    user_id: 'u-"42"',
    agent_type: 'memory',
    sentiment_score: 2.5,
    tags: ['family', 'beach'],
  },
};

describe('target input', () => {
  it('is the whole event without a transformation', () => {
    const input = targetInput({}, event, 'r');
    expect(input.value).toEqual(event);
    expect(JSON.parse(input.body)).toEqual(event);
    expect(input.contentType).toBe('application/json');
  });

  it('InputPath selects part of the event; array indices work; a missing path gives null', () => {
    expect(targetInput({ inputPath: '$.detail' }, event, 'r').value).toEqual(event.detail);
    expect(targetInput({ inputPath: '$.detail.tags[1]' }, event, 'r').value).toBe('beach');
    const missing = targetInput({ inputPath: '$.detail.nope.deeper' }, event, 'r');
    expect(missing.value).toBeNull();
    expect(missing.body).toBe('null');
  });

  it('a JSON template gets JSON values: strings quoted and escaped, numbers and arrays as JSON', () => {
    const input = targetInput(
      {
        inputTransformer: {
          inputPathsMap: {
            user: '$.detail.user_id',
            score: '$.detail.sentiment_score',
            tags: '$.detail.tags',
          },
          inputTemplate: '{"who": <user>, "score": <score>, "tags": <tags>, "rule": <aws.events.rule-name>}',
        },
      },
      event,
      'memories',
    );
    expect(input.contentType).toBe('application/json');
    expect(input.value).toEqual({ who: 'u-"42"', score: 2.5, tags: ['family', 'beach'], rule: 'memories' });
  });

  it('inside a JSON string a placeholder gets the text of the value', () => {
    const input = targetInput(
      {
        inputTransformer: {
          inputPathsMap: { user: '$.detail.user_id', score: '$.detail.sentiment_score' },
          inputTemplate: '{"text": "<user> scored <score>"}',
        },
      },
      event,
      'r',
    );
    expect(input.value).toEqual({ text: 'u-"42" scored 2.5' });
  });

  it('a missing path is null in a JSON template and empty in a text template', () => {
    const inputPathsMap = { gone: '$.detail.missing', memo: '$.detail.memo_id' };
    expect(
      targetInput(
        { inputTransformer: { inputPathsMap, inputTemplate: '{"a": <gone>, "m": <memo>}' } },
        event,
        'r',
      ).value,
    ).toEqual({ a: null, m: 'm-1' });
    const text = targetInput(
      { inputTransformer: { inputPathsMap, inputTemplate: 'memo <memo> has [<gone>]' } },
      event,
      'r',
    );
    expect(text).toEqual({ value: 'memo m-1 has []', body: 'memo m-1 has []', contentType: 'text/plain' });
  });

  it('a plain-text template gets plain text: strings unquoted, other values as JSON', () => {
    const input = targetInput(
      {
        inputTransformer: {
          inputPathsMap: { user: '$.detail.user_id', tags: '$.detail.tags' },
          inputTemplate: 'New memory from <user> tagged <tags>',
        },
      },
      event,
      'r',
    );
    expect(input.value).toBe('New memory from u-"42" tagged ["family","beach"]');
    expect(input.contentType).toBe('text/plain');
  });

  it('predefined variables give the whole event, with or without detail', () => {
    const input = targetInput(
      {
        inputTransformer: {
          inputPathsMap: {},
          inputTemplate: '{"all": <aws.events.event.json>, "env": <aws.events.event>}',
        },
      },
      event,
      'r',
    );
    const { detail: _d, ...envelope } = event;
    expect(input.value).toEqual({ all: event, env: envelope });
  });
});

describe('backoff', () => {
  it('stays between half and all of min(max, base·2^(n-1))', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 80 }),
        fc.integer({ min: 1, max: 10_000 }),
        fc.integer({ min: 1, max: 10_000_000 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (attempt, baseMs, maxMs, r) => {
          const nominal = Math.min(maxMs, baseMs * 2 ** (attempt - 1));
          const delay = backoffDelay(attempt, { baseMs, maxMs }, () => r);
          expect(delay).toBeGreaterThanOrEqual(Math.floor(nominal / 2));
          expect(delay).toBeLessThanOrEqual(nominal);
        },
      ),
    );
  });
});
