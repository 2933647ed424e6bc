import { createHash } from 'node:crypto';

/**
 * Which split a labelled text belongs to, from a hash of its text: about one in five is held out.
 * A rule rather than a choice, so nobody can move a hard example out of the evaluation by hand.
 */
export function splitOf(text: string): 'train' | 'heldout' {
  const digest = createHash('sha256').update(text).digest();
  return digest.readUInt16BE(0) % 5 === 0 ? 'heldout' : 'train';
}
