import { describe, expect, it } from 'vitest';
import { cleanSpoken, oneLine, trimLooseEnd } from './cleanup.js';

describe('cleanSpoken', () => {
  it.each([
    ['Um so basically I I need to, you know, ship it.', 'I need to ship it.'],
    ['Okay so, like, basically the the deploy went out, uh, fine.', 'The deploy went out, fine.'],
    ['Uh, yeah, well, the demo is on Friday um.', 'The demo is on Friday.'],
    ['So um this morning I met with Hannah.', 'This morning I met with Hannah.'],
    ['Hmm. Okay. So the thing is, I mean, we are late.', 'The thing is we are late.'],
    ['we   shipped\nit', 'We shipped it'],
  ])('%s → %s', (spoken, clean) => {
    expect(cleanSpoken(spoken)).toBe(clean);
  });

  it('keeps words that carry meaning: "like" as a verb, "so" mid-sentence', () => {
    expect(cleanSpoken('I like the draft.')).toBe('I like the draft.');
    expect(cleanSpoken('It broke, so we rolled back.')).toBe('It broke, so we rolled back.');
  });
});

describe('oneLine', () => {
  it('folds newlines and keeps short text as is', () => {
    expect(oneLine('a\nb  c', 140)).toBe('a b c');
  });

  it('cuts long text at a word boundary with an ellipsis, within the limit', () => {
    const line = oneLine('word '.repeat(60), 140);
    expect(line.length).toBeLessThanOrEqual(140);
    expect(line.endsWith('word…')).toBe(true);
  });
});

describe('trimLooseEnd', () => {
  it('drops trailing punctuation and dangling conjunctions', () => {
    expect(trimLooseEnd('email the client and')).toBe('email the client');
    expect(trimLooseEnd('ship it, and then,')).toBe('ship it');
    expect(trimLooseEnd('a dashboard too.')).toBe('a dashboard');
  });
});
