import type { Analysis } from './analysis.js';
import { words } from './word-list.js';

// Words that name one person on their own: "Dad called", "grandma's soup".
const ALWAYS_PEOPLE: ReadonlySet<string> = words(`
  mom, mum, mommy, mama, momma, dad, daddy, papa, grandma, grandpa, granny, grandmother,
  grandfather, nana, gran, grandad, granddad
`);
// Words that name a relative only after "my", "our", …: "my sister", not "sister company".
const RELATIVES: ReadonlySet<string> = words(`
  mother, father, sister, brother, aunt, auntie, uncle, cousin, wife, husband, son, daughter,
  niece, nephew, partner, boyfriend, girlfriend, fiance, fiancé, fiancee, fiancée, grandson,
  granddaughter, parents, grandparents, kids, children, stepmom, stepdad, stepmother, stepfather,
  in-laws, sis, bro, twin
`);
const POSSESSIVES: ReadonlySet<string> = new Set(['my', 'our', 'his', 'her', 'their', 'your']);

/** Whether a lowercase word can stand for a relative ("dad", "sister"). */
export function isKinshipWord(word: string): boolean {
  return ALWAYS_PEOPLE.has(word) || RELATIVES.has(word);
}

/**
 * Relatives mentioned the way people search for them later: lowercase "dad", "sister" (from
 * "my little sister"), in order of first mention.
 */
export function kinshipMentions(analysis: Analysis): string[] {
  const found = new Set<string>();
  const { pos } = analysis;
  for (let i = 0; i < pos.length; i++) {
    const word = analysis.normalAt(i);
    // A relative word before a noun describes the noun: "sister company", "mom jeans".
    if (pos[i + 1] === 'NOUN') continue;
    if (ALWAYS_PEOPLE.has(word)) {
      found.add(word);
    } else if (RELATIVES.has(word) && pos[i] !== 'VERB') {
      const before = analysis.normalAt(i - 1);
      // One describing word may sit between: "my little sister", "our older kids".
      const owned =
        POSSESSIVES.has(before) || (pos[i - 1] === 'ADJ' && POSSESSIVES.has(analysis.normalAt(i - 2)));
      if (owned) found.add(word);
    }
  }
  return [...found];
}
