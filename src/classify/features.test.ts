import { describe, expect, it } from 'vitest';
import { FeatureIndex, surfacesOf, wordsOf } from './features.js';

describe('wordsOf', () => {
  it('lowercases, drops fillers and punctuation, keeps apostrophes inside words', () => {
    expect(wordsOf("Um, the Meetings ran, uh, long — Mom’s call didn't help. 10am!")).toEqual([
      'the',
      'meetings',
      'ran',
      'long',
      'mom’s',
      'call',
      "didn't",
      'help',
      '10am',
    ]);
  });

  it('drops an apostrophe that opens or closes a quote', () => {
    expect(wordsOf("'tis the 'big' day'")).toEqual(['tis', 'the', 'big', 'day']);
  });
});

describe('FeatureIndex', () => {
  it('numbers stems and neighbouring pairs, each once per text, and pairs bridge a hesitation', () => {
    const index = new FeatureIndex();
    const ids = index.idsOf(wordsOf('meetings, um, meeting notes'), true);
    expect(ids.map((id) => index.names[id])).toEqual(['meet', 'meet meet', 'note', 'meet note']);
  });

  it('keeps "workout" and "work out" apart from "work"', () => {
    const index = new FeatureIndex();
    const names = (text: string) => index.idsOf(wordsOf(text), true).map((id) => index.names[id]);
    expect(names('my workout plan')).not.toContain('work');
    expect(names('I work out daily')).toContain('work out');
  });

  it('leaves out what it has not learned, and breaks pairs at an unknown word', () => {
    const index = new FeatureIndex();
    index.idsOf(wordsOf('client call today'), true);
    const ids = index.idsOf(wordsOf('client zebra call today'));
    expect(ids.map((id) => index.names[id])).toEqual(['client', 'call', 'today', 'call today']);
  });
});

describe('surfacesOf', () => {
  it('reads features back as the words that were said', () => {
    const words = wordsOf('the App Store reviews');
    expect(surfacesOf(['app store', 'review'], words)).toEqual(['app store', 'reviews']);
  });
});
