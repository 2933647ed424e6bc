import model from 'wink-eng-lite-web-model';
import winkNLP, { type WinkMethods } from 'wink-nlp';

/**
 * The pipeline steps WhisperSync reads: sentence boundaries, part of speech (proper nouns, tag
 * nouns, lemmas) and sentiment, which needs negation to read "not happy" right. NER and custom
 * entities are left out because every step costs time on every memo.
 */
const PIPE = ['sbd', 'negation', 'sentiment', 'pos'];

let shared: WinkMethods | undefined;

/**
 * The process-wide wink-nlp instance, created on first use: loading the model takes ~150 ms, so
 * it happens once per process and not at all in processes that never read a transcript.
 */
export function winkNlp(): WinkMethods {
  shared ??= winkNLP(model, PIPE);
  return shared;
}
