import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { splitOf } from './corpus-split.js';
import { parseLabelledJsonl } from './labelled-corpus.js';
import { shippedClassifier } from './local-classifier.js';
import { segmentMemo } from './segment.js';

const corpus = (name: string) => new URL(`../../corpus/routing/${name}`, import.meta.url);
const read = (name: string) => parseLabelledJsonl(readFileSync(corpus(name), 'utf8'));
const train = read('train.jsonl');
const heldout = read('heldout.jsonl');
const multiTopic = readFileSync(corpus('multi-topic.jsonl'), 'utf8')
  .trim()
  .split('\n')
  .map((line) => JSON.parse(line) as { segments: { text: string; label: string }[] });

describe('the shipped corpus', () => {
  it('is valid, has at least 300 memos, and every memo sits in the split the hash rule names', () => {
    expect([...train.bad, ...heldout.bad]).toEqual([]);
    expect(train.examples.length + heldout.examples.length).toBeGreaterThanOrEqual(300);
    expect(train.examples.filter((e) => splitOf(e.text) !== 'train')).toEqual([]);
    expect(heldout.examples.filter((e) => splitOf(e.text) !== 'heldout')).toEqual([]);
    const trained = new Set(train.examples.map((e) => e.text));
    expect(heldout.examples.filter((e) => trained.has(e.text))).toEqual([]);
  });

  it('has memos from 10 to 400 words for every route', () => {
    const words = (t: string) => t.split(/\s+/).filter(Boolean).length;
    for (const route of ['work', 'memories', 'ideas'] as const) {
      const lengths = [...train.examples, ...heldout.examples]
        .filter((e) => e.label === route)
        .map((e) => words(e.text));
      expect(Math.min(...lengths)).toBeGreaterThanOrEqual(10);
      expect(Math.min(...lengths)).toBeLessThan(30);
      expect(Math.max(...lengths)).toBeGreaterThan(300);
      expect(Math.max(...lengths)).toBeLessThanOrEqual(400);
    }
  });
});

describe('the shipped classifier', () => {
  const classifier = shippedClassifier();

  it.each([
    ['my workout plan for the marathon', 'memories'],
    ['I was so happy at the beach', 'memories'],
    ['the app store review of my week', 'work'],
  ])('routes the substring trap "%s" by meaning: %s', (text, route) => {
    expect(classifier.classify(text).route).toBe(route);
  });

  it.each([
    [
      'So my workout plan for the marathon is three easy runs and one long one every week, and my sister says she will run the last ten miles with me.',
      'memories',
    ],
    [
      'I was so happy at the beach today, the kids built a huge sandcastle and Dad fell asleep under the umbrella.',
      'memories',
    ],
    [
      'Okay the app store review of my week: the release got rejected on Tuesday over the login screen, we fixed it, resubmitted, and I still owe the team the release notes.',
      'work',
    ],
  ])('routes a memo around a trap by meaning, confidently enough not to need review', (text, route) => {
    const c = classifier.classify(text);
    expect(c.route).toBe(route);
    expect(c.confidence).toBeGreaterThanOrEqual(0.6);
  });

  it('explains a decision with the words that pulled towards it', () => {
    const c = classifier.classify(
      'What if there was an app that splits a restaurant bill from a photo of the receipt?',
    );
    expect(c.route).toBe('ideas');
    expect(c.reasons.length).toBeGreaterThan(0);
    expect(c.reasons.some((r) => /app|what if/.test(r))).toBe(true);
  });

  it('never splits a single-topic memo of the corpus', () => {
    const split = [...train.examples, ...heldout.examples].filter(
      (e) => segmentMemo(e.text, classifier).length > 1,
    );
    expect(split.map((e) => e.text.slice(0, 60))).toEqual([]);
  });

  it('splits multi-topic memos into their topics, in order', () => {
    const results = multiTopic.map(({ segments }) => {
      const text = segments.map((s) => s.text).join(' ');
      return {
        want: segments.map((s) => s.label).join(' > '),
        got: segmentMemo(text, classifier)
          .map((s) => s.route)
          .join(' > '),
      };
    });
    const right = results.filter((r) => r.want === r.got).length;
    console.log(`multi-topic: ${right}/${results.length} memos split into the right routes in order`);
    expect(right / results.length).toBeGreaterThanOrEqual(0.9);
    // Every two-topic work update followed by a family memory comes out as exactly those two.
    expect(results.filter((r) => r.want === 'work > memories' && r.got !== r.want)).toEqual([]);
  });
});
