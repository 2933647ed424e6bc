import { readFileSync } from 'node:fs';
import { parseLabelledJsonl } from '../src/classify/labelled-corpus.js';
import { shippedClassifier } from '../src/classify/local-classifier.js';
import { topicSegments } from '../src/classify/segment.js';
import { parseArgs } from './args.js';
import { emit } from './emit.js';

/**
 * `npm run bench -- classify [--n 200000]`: memos classified per second on one core, over the
 * held-out corpus (10–400 words of spoken text) repeated until n; and the same with topic
 * segmentation, which is what the pipeline runs per memo.
 */
export async function run(args: string[]): Promise<void> {
  const options = parseArgs(args);
  const n = Number(options.n ?? 200_000);
  const heldout = new URL('../corpus/routing/heldout.jsonl', import.meta.url);
  const texts = parseLabelledJsonl(readFileSync(heldout, 'utf8')).examples.map((e) => e.text);
  const words = texts.reduce((sum, t) => sum + t.split(/\s+/).length, 0) / texts.length;

  const trainStart = performance.now();
  const classifier = shippedClassifier();
  emit({ bench: 'classify', metric: 'train_ms', value: round(performance.now() - trainStart), unit: 'ms' });

  const measure = (label: string, work: (text: string) => unknown) => {
    for (let i = 0; i < 2000; i++) work(texts[i % texts.length]!); // warm up the JIT and the stem cache
    const start = performance.now();
    for (let i = 0; i < n; i++) work(texts[i % texts.length]!);
    const seconds = (performance.now() - start) / 1000;
    emit({
      bench: 'classify',
      metric: label,
      value: round(n / seconds),
      unit: 'memos/s',
      memos: n,
      avgWords: round(words),
    });
  };
  measure('classify_memos_per_s', (text) => classifier.classify(text));
  measure('classify_and_segment_memos_per_s', (text) => {
    classifier.classify(text);
    return topicSegments(text, classifier);
  });
}

function round(x: number): number {
  return Math.round(x * 10) / 10;
}
