import { describe, expect, it } from 'vitest';
import { isInvalidLlmReplyError } from './errors.js';
import { ActionItemsReply, actionItemsOf, parseReply, RouteReply } from './reply-schema.js';

describe('parseReply', () => {
  it('reads a route reply, in a code fence or not, with a route alias', () => {
    expect(parseReply(RouteReply, '```json\n{"route": "Memory", "confidence": 0.7}\n```')).toEqual({
      route: 'memories',
      confidence: 0.7,
      reasons: [],
    });
  });

  it('names what was wrong with a reply that is not the JSON asked for', () => {
    const problemOf = (reply: string) => {
      try {
        parseReply(RouteReply, reply);
      } catch (error) {
        return isInvalidLlmReplyError(error) ? error.problem : error;
      }
    };
    expect(problemOf('It is about work.')).toBe('not JSON');
    expect(problemOf('{"route": "groceries", "confidence": 0.5}')).toContain('unknown route "groceries"');
    expect(problemOf('{"route": "work", "confidence": 1.5}')).toMatch(/^confidence:/);
  });

  it('treats null and absent owner or due alike, and rejects impossible dates', () => {
    const reply = parseReply(
      ActionItemsReply,
      '{"items": [{"text": " call Ana ", "owner": null, "due": "2024-06-03"}, {"text": "ship it"}]}',
    );
    expect(actionItemsOf(reply)).toEqual([{ text: 'call Ana', due: '2024-06-03' }, { text: 'ship it' }]);
    expect(() => parseReply(ActionItemsReply, '{"items": [{"text": "x", "due": "2024-02-30"}]}')).toThrow(
      /items\.0\.due/,
    );
  });
});
