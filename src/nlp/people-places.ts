import type { Analysis } from './analysis.js';
import { KNOWN_PLACES, PLACE_WORDS } from './gazetteer.js';
import { kinshipMentions } from './kinship.js';
import { type NameMention, properNounRuns } from './proper-nouns.js';
import { words } from './word-list.js';

/** Who and where a memo mentions, each in order of first mention. */
export interface PeopleAndPlaces {
  /** Names as said ("Sarah", "Aunt Linda"), then relatives in lowercase ("dad", "sister"). */
  people: string[];
  places: string[];
}

// "in Lisbon", "at Casa Pedro", "near the Golden Gate Bridge".
const PLACE_PREPOSITIONS = words(
  'in, at, near, around, outside, inside, into, across, through, toward, towards, via, visit, visited, visiting',
);
// "to" and "from" introduce people too ("talked to Tom", "a card from Priya"), so they only
// introduce places after a word of travel: "flew back from Chicago", "drove to Portland".
const TRAVEL_WORDS = words(`
  go, goes, going, gone, went, drive, drove, driving, driven, fly, flew, flying, flight, flights, trip,
  travel, traveled, travelled, traveling, travelling, move, moved, moving, back, come, came, coming,
  head, headed, heading, walk, walked, walking, road, train, bus, ride, rode, way, return, returned,
  returning, arrive, arrived, hike, hiked, sail, sailed, cycle, cycled, bike, biked, commute, vacation,
  holiday, holidays, ferry, all, home, straight, over, down, up, out
`);
const TRAVEL_WINDOW = 4;
// First words that make a name a place: "Mount Tam", "Lake Tahoe", "Fort Mason".
const PLACE_FIRST_WORDS = words('mount, mt, lake, fort, cape, isle, port');
// "a tiny place called Casa Guedes", "a diner called the Blue Moon".
const NAMED_PLACE_NOUNS = words(
  'place, diner, spot, pub, shop, bakery, town, venue, club, bistro, gym, studio, store',
);
const NAMING_WORDS = words('called, named');
// "ran into Maria": meeting someone, not entering somewhere.
const MET_BY_CHANCE = words('ran, run, running, bumped, bump, bumping');
// "their dog Biscuit": a pet's name is no person's.
const PETS = words(
  'dog, cat, puppy, pup, kitten, horse, pony, hamster, parrot, rabbit, bunny, goldfish, turtle',
);
// Acronyms in the plural ("APIs", "PRs") are jargon like the acronyms themselves.
const PLURAL_ACRONYM = /^[A-Z]{2,}s$/;

type Kind = 'person' | 'place' | 'other';
// When one name is read differently in two places, the surer reading wins.
const RANK: Record<Kind, number> = { other: 0, person: 1, place: 2 };

/**
 * People and places from proper names and relatives. A name is a place when a place word
 * introduces it ("in", "at", "near", or "to"/"from" after travel, "a diner called …"), when it
 * is a well-known city or country, or when it starts or ends like one ("Lake …", "… Park",
 * "the Kelvingrove museum"); otherwise a person, unless it only names a pet ("our dog Biscuit")
 * or describes a thing ("the Acme folks"). A name that is a place once is a place throughout
 * the memo.
 */
export function peopleAndPlaces(analysis: Analysis): PeopleAndPlaces {
  const kinds = new Map<string, Kind>();
  for (const mention of properNounRuns(analysis)) {
    const kind = kindOf(analysis, mention);
    const before = kinds.get(mention.text);
    if (before === undefined || RANK[kind] > RANK[before]) kinds.set(mention.text, kind);
  }
  const people: string[] = [];
  const places: string[] = [];
  for (const [name, kind] of kinds) {
    if (kind === 'place') places.push(name);
    else if (kind === 'person') people.push(name);
  }
  for (const relative of kinshipMentions(analysis)) if (!people.includes(relative)) people.push(relative);
  return { people, places };
}

function kindOf(a: Analysis, mention: NameMention): Kind {
  if (looksLikePlace(a, mention)) return 'place';
  const { text, start, end } = mention;
  if (PLURAL_ACRONYM.test(text) || PETS.has(a.normalAt(start - 1))) return 'other';
  // "the Acme folks", "the Q3 numbers": a name between "the" and a noun describes the noun.
  if (a.normalAt(start - 1) === 'the' && a.pos[end + 1] === 'NOUN' && start === end) return 'other';
  return 'person';
}

function looksLikePlace(a: Analysis, { text, start, end }: NameMention): boolean {
  const lower = text.toLowerCase();
  if (KNOWN_PLACES.has(lower)) return true;
  if (PLACE_WORDS.has(a.normalAt(end)) || (start < end && PLACE_FIRST_WORDS.has(a.normalAt(start))))
    return true;
  // "the Kelvingrove museum", "Union station": a place word after the name, in lowercase.
  if (PLACE_WORDS.has(a.values[end + 1] ?? '')) return true;
  // "Sarah's bike", and "at Olivia and Diego's place": whoever owns something is a person.
  if (isPossessive(a, end + 1)) return false;
  if ((a.normalAt(end + 1) === 'and' || a.normalAt(end + 1) === '&') && isPossessive(a, end + 3))
    return false;
  let before = start - 1;
  if (a.normalAt(before) === 'the') before -= 1;
  const marker = a.normalAt(before);
  if (NAMING_WORDS.has(marker)) {
    const noun = a.normalAt(before - 1);
    return NAMED_PLACE_NOUNS.has(noun) || PLACE_WORDS.has(noun);
  }
  if (marker === 'into' && MET_BY_CHANCE.has(a.normalAt(before - 1))) return false;
  if (PLACE_PREPOSITIONS.has(marker)) return true;
  if (marker !== 'to' && marker !== 'from') return false;
  const sentenceStart = a.sentences[a.sentenceOf[start]!]?.start ?? 0;
  for (let i = before - 1; i >= Math.max(sentenceStart, before - TRAVEL_WINDOW); i--) {
    if (TRAVEL_WORDS.has(a.normalAt(i))) return true;
  }
  return false;
}

function isPossessive(a: Analysis, index: number): boolean {
  const word = a.normalAt(index);
  return word === "'s" || word === '’s';
}
