import { words } from './word-list.js';

/**
 * Well-known places, lowercase, so "Paris was lovely" is a place even without "in" before it.
 * Kept small on purpose: it only has to catch places people name without a preposition.
 */
export const KNOWN_PLACES: ReadonlySet<string> = words(`
  america, argentina, australia, austria, belgium, brazil, canada, chile, china, colombia, croatia,
  cuba, denmark, egypt, england, europe, finland, france, germany, greece, hawaii, iceland, india,
  indonesia, ireland, israel, italy, japan, kenya, korea, mexico, morocco, nepal, netherlands,
  new zealand, nigeria, norway, peru, poland, portugal, scotland, south africa, spain, sweden,
  switzerland, thailand, turkey, uk, usa, us, united states, united kingdom, vietnam, wales, asia,
  africa, california, texas, florida, alaska, colorado, oregon, bavaria, tuscany, provence,
  patagonia, amsterdam, athens, austin, bangkok, barcelona, beijing, berlin, boston, brooklyn,
  brussels, budapest, buenos aires, cairo, cape town, chicago, copenhagen, dallas, delhi, denver,
  dublin, edinburgh, florence, hamburg, helsinki, hong kong, honolulu, istanbul, kyoto, la, lagos,
  las vegas, lisbon, london, los angeles, madrid, manchester, marseille, melbourne, mexico city,
  miami, milan, montreal, moscow, mumbai, munich, nairobi, naples, new orleans, new york, nyc,
  oslo, paris, philadelphia, portland, porto, prague, rio, rome, san diego, san francisco,
  santiago, seattle, seoul, shanghai, singapore, stockholm, sydney, taipei, tokyo, toronto,
  vancouver, venice, vienna, warsaw, washington, zurich, osaka, lyon, seville, valencia, krakow,
  reykjavik, glasgow, bristol, oxford, cambridge, brighton, atlanta, nashville
`);

/** Last words that make a name a place: "Golden Gate Park", "Lake Tahoe", "Union Station". */
export const PLACE_WORDS: ReadonlySet<string> = words(`
  airport, avenue, bar, bay, beach, bridge, cafe, café, castle, cathedral, center, centre, church,
  city, coast, college, county, falls, garden, gardens, hall, harbor, harbour, heights, hill,
  hills, hospital, hotel, island, islands, lake, library, mall, market, mount, mountain, mountains,
  museum, park, pier, plaza, restaurant, river, road, school, square, stadium, station, street,
  theater, theatre, tower, trail, university, valley, village, zoo
`);
