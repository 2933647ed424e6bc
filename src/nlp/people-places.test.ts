import { describe, expect, it } from 'vitest';
import { analyse } from './analysis.js';
import { peopleAndPlaces } from './people-places.js';

const extract = (text: string) => peopleAndPlaces(analyse(text));

describe('peopleAndPlaces', () => {
  it('tells people from places by the word that introduces them', () => {
    expect(
      extract('Yesterday I went to Lisbon with Priya. We had dinner at Casa Pedro near the river.'),
    ).toEqual({
      people: ['Priya'],
      places: ['Lisbon', 'Casa Pedro'],
    });
  });

  it('knows well-known cities and countries without a preposition', () => {
    expect(extract('Paris was lovely and Japan is next.').places).toEqual(['Paris', 'Japan']);
  });

  it('reads "to"/"from" as a place only after travel: "drove to Portland" vs "talked to Tom"', () => {
    expect(extract('We drove back to Portland. Then I talked to Tom. Got a card from Priya.')).toEqual({
      people: ['Tom', 'Priya'],
      places: ['Portland'],
    });
  });

  it('keeps multi-word names whole, titles included', () => {
    expect(extract('Aunt Linda and Dr. Patel met us at the Golden Gate Park in New York.')).toEqual({
      people: ['Aunt Linda', 'Dr. Patel'],
      places: ['Golden Gate Park', 'New York'],
    });
  });

  it('counts relatives as people, in lowercase, the way people search for them', () => {
    expect(extract('Dad called. My little sister and Grandma baked with my mom.').people).toEqual([
      'dad',
      'sister',
      'grandma',
      'mom',
    ]);
  });

  it('needs "my"/"our" before a generic relative word: "sister company" is no sister', () => {
    expect(extract('Our sister company sent the contract.').people).toEqual([]);
  });

  it('never takes weekdays, months, holidays or fillers for names', () => {
    expect(extract('Um, on Saturday in November we had Thanksgiving. Okay, Monday was quiet.')).toEqual({
      people: [],
      places: [],
    });
  });

  it('ignores an ordinary word that only looks like a name because it opens the sentence', () => {
    expect(extract('Dinner with Sam was great. Lunch at the office was not.')).toEqual({
      people: ['Sam'],
      places: [],
    });
  });

  it('treats an owner as a person: "at Olivia and Diego\'s place"', () => {
    expect(extract("Dinner at Olivia and Diego's place.").people).toEqual(['Olivia', 'Diego']);
  });

  it('reads a place from how it is named: "a diner called the Blue Moon", "Lake …", "the … museum"', () => {
    expect(
      extract(
        'We ate at a diner called the Blue Moon, hiked up Mount Tam and got lost near the Kelvingrove museum.',
      ).places,
    ).toEqual(['Blue Moon', 'Mount Tam', 'Kelvingrove']);
  });

  it('takes "ran into Maria" for meeting a person, not entering a place', () => {
    expect(extract('At the conference I ran into Maria Gonzalez.')).toEqual({
      people: ['Maria Gonzalez'],
      places: [],
    });
  });

  it('leaves out pets, plural acronyms and names that only describe a thing', () => {
    expect(
      extract('Their dog Biscuit chased me. Sprint review with the Acme folks about our APIs.').people,
    ).toEqual([]);
  });
});
