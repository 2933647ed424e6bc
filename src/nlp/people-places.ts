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

/**
 * People and places from proper names and relatives. A name is a place when a place word
 * introduces it ("in", "at", "near", or "to"/"from" after travel), when it is a well-known city
 * or country, or when it ends like one ("… Park", "Lake …" does not count); otherwise a person.
 * A name that is a place once is a place throughout the memo.
 */
export function peopleAndPlaces(analysis: Analysis): PeopleAndPlaces {
  const isPlace = new Map<string, boolean>();
  for (const mention of properNounRuns(analysis)) {
    const place = isPlace.get(mention.text) === true || looksLikePlace(analysis, mention);
    isPlace.set(mention.text, place);
  }
  const people: string[] = [];
  const places: string[] = [];
  for (const [name, place] of isPlace) (place ? places : people).push(name);
  for (const relative of kinshipMentions(analysis)) if (!people.includes(relative)) people.push(relative);
  return { people, places };
}

function looksLikePlace(a: Analysis, { text, start, end }: NameMention): boolean {
  const lower = text.toLowerCase();
  if (KNOWN_PLACES.has(lower)) return true;
  if (PLACE_WORDS.has(a.normalAt(end))) return true;
  // "Sarah's bike", and "at Olivia and Diego's place": whoever owns something is a person.
  if (isPossessive(a, end + 1)) return false;
  if ((a.normalAt(end + 1) === 'and' || a.normalAt(end + 1) === '&') && isPossessive(a, end + 3))
    return false;
  let before = start - 1;
  if (a.normalAt(before) === 'the') before -= 1;
  const marker = a.normalAt(before);
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
