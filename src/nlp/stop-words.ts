import { words } from './word-list.js';

/**
 * English function words that never make a keyword or a content word. Our own list, looked up
 * in a Set, because asking wink for its stop-word flag costs a pass over every token.
 */
export const STOP_WORDS = words(`
  a, about, above, after, again, against, all, am, an, and, any, are, as, at, be, because, been,
  before, being, below, between, both, but, by, can, could, did, do, does, doing, down, during,
  each, few, for, from, further, had, has, have, having, he, her, here, hers, herself, him,
  himself, his, how, i, if, in, into, is, it, its, itself, just, me, more, most, my, myself, no,
  nor, not, now, of, off, on, once, only, or, other, our, ours, ourselves, out, over, own, same,
  she, should, so, some, such, than, that, the, their, theirs, them, themselves, then, there,
  these, they, this, those, through, to, too, under, until, up, very, was, we, were, what, when,
  where, which, while, who, whom, why, will, with, would, you, your, yours, yourself, yourselves,
  'll, 're, 've, 'd, 's, 'm, n't, ca, wo, sha, also, really, maybe, might, must, shall, may, yet,
  ever, every, much, many, lot, lots, get, got, gets, let, us, oh, hey, ok, okay, yeah, um, uh,
  erm, hmm, like, well, actually, basically, honestly, anyway, gonna, wanna, gotta, kinda, sorta
`);
