// programs/paper/ holds the seed listings verbatim: the same statements, line for line, as the papers print
// them (test/fixtures/paper.ts), up to spacing (the files are in `optic fmt`'s canonical form) and the
// header comment naming the source.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LISTING_FILES, PAPER_LISTINGS, type ListingTitle } from '../fixtures/paper.ts';

const statements = (text: string) =>
  text
    .split(/\r?\n/)
    .map((line) => line.replace(/#.*/, '').trim().replace(/\s+/g, ' '))
    .filter((line) => line !== '');

describe('programs/paper', () => {
  it.each(Object.keys(LISTING_FILES) as ListingTitle[])('%s is in its file verbatim', (title) => {
    const file = readFileSync(`programs/paper/${LISTING_FILES[title]}`, 'utf8');
    expect(statements(file)).toEqual(statements(PAPER_LISTINGS[title]));
  });
});
