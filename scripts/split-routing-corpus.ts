// Sorts labelled memos (JSON lines, any number of files) into corpus/routing/train.jsonl and
// heldout.jsonl by the rule in src/classify/corpus-split.ts. Usage: tsx scripts/split-routing-corpus.ts new.jsonl…
import { appendFileSync, readFileSync } from 'node:fs';
import { splitOf } from '../src/classify/corpus-split.js';
import { parseLabelledJsonl } from '../src/classify/labelled-corpus.js';

const target = (split: string) => new URL(`../corpus/routing/${split}.jsonl`, import.meta.url);
const counts = { train: 0, heldout: 0 };
for (const file of process.argv.slice(2)) {
  const { examples, bad } = parseLabelledJsonl(readFileSync(file, 'utf8'));
  for (const b of bad) console.error(`${file}:${b.line}: ${b.reason}`);
  for (const example of examples) {
    const split = splitOf(example.text);
    appendFileSync(target(split), `${JSON.stringify(example)}\n`);
    counts[split]++;
  }
}
console.log(counts);
