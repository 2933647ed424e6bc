import model from 'wink-eng-lite-web-model';
import winkNLP, { type WinkMethods } from 'wink-nlp';

/**
 * The pipeline steps WhisperSync reads: sentence boundaries, part of speech (proper nouns, tag
 * nouns, lemmas) and sentiment, which needs negation to read "not happy" right. NER and custom
 * entities are left out because every step costs time on every memo.
 */
const PIPE = ['sbd', 'negation', 'sentiment', 'pos'];
/**
 * The same without sentiment and negation, for readers that never look at sentiment: about a
 * quarter less of wink's work per memo (~180 → ~135 µs). Neither step changes tokens, sentences,
 * tags or lemmas, so everything else reads the same as with {@link PIPE}.
 */
const PIPE_WITHOUT_SENTIMENT = ['sbd', 'pos'];

let shared: WinkMethods | undefined;
let withoutSentiment: WinkMethods | undefined;

/**
 * The process-wide wink-nlp instance, created on first use: loading the model takes ~150 ms, so
 * it happens once per process and not at all in processes that never read a transcript.
 * @param sentiment - whether documents read need wink's sentiment. @default true
 */
export function winkNlp(sentiment = true): WinkMethods {
  if (!sentiment) {
    withoutSentiment ??= winkNLP(model, PIPE_WITHOUT_SENTIMENT);
    return withoutSentiment;
  }
  shared ??= winkNLP(model, PIPE);
  return shared;
}
