import { describe, expect, it } from 'vitest';
import { asciiFold, slugify } from './slug.js';

describe('slugify', () => {
  it('makes lowercase ASCII kebab-case', () => {
    expect(slugify('Plant Watering — Reminder!')).toBe('plant-watering-reminder');
    expect(slugify('Café Nuñez: Übersicht')).toBe('cafe-nunez-ubersicht');
  });

  it('stays within 40 characters and never cuts a word in half', () => {
    const slug = slugify('a very long idea name that goes on and on about many different things');
    expect(slug.length).toBeLessThanOrEqual(40);
    expect(slug).toBe('a-very-long-idea-name-that-goes-on-and');
  });

  it('gives an empty slug for text without letters or digits', () => {
    expect(slugify('¿¡ — !?')).toBe('');
  });
});

describe('asciiFold', () => {
  it('folds accents and lowercases', () => {
    expect(asciiFold('Ångström')).toBe('angstrom');
  });
});
