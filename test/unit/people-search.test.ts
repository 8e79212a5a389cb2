import { describe, expect, it } from 'vitest';
import { MAX_SEARCH_TERMS, listedUnder, matchesAll, queryWords, searchTerms } from '../../functions/domain/people-search';

describe('people search terms', () => {
  const ada = { name: 'Ádá  Lovelace-Byron', email: 'Ada.King@Analytical.Example', skills: ['Machine learning', 'python 3'] };

  it('index name words, the address, its words and domain, and skill words, normalised', () => {
    expect(searchTerms(ada)).toEqual([
      'ada',
      'lovelace',
      'byron',
      'ada.king@analytical.example',
      'king',
      'analytical.example',
      'machine',
      'learning',
      'python',
      '3',
    ]);
  });

  it('stay bounded however many skills', () => {
    const many = { name: 'A B', email: 'a@b.c', skills: Array.from({ length: 20 }, (_, i) => `skill${i} more${i} words${i}`) };
    expect(searchTerms(many)).toHaveLength(MAX_SEARCH_TERMS);
  });

  it('match when every query word starts a term', () => {
    const terms = searchTerms(ada);
    expect(matchesAll(terms, queryWords('lov ADA'))).toBe(true);
    expect(matchesAll(terms, queryWords('ada.ki'))).toBe(true);
    expect(matchesAll(terms, queryWords("o'brien"))).toBe(false);
    expect(queryWords("O'Brien  x@Y.z")).toEqual(['o', 'brien', 'x@y.z']);
  });

  it('list a person under one term per lookup word: the first of theirs that starts with it', () => {
    expect(listedUnder(searchTerms(ada), 'a')).toBe('ada');
    expect(listedUnder(searchTerms(ada), 'ma')).toBe('machine');
    expect(listedUnder(searchTerms(ada), 'zz')).toBeUndefined();
  });
});
