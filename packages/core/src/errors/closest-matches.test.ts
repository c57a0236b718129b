import { describe, expect, it } from 'vitest';
import { closestMatches, editDistance } from './closest-matches';

describe('editDistance', () => {
  it.each([
    ['', '', 0],
    ['abc', '', 3],
    ['', 'abc', 3],
    ['kitten', 'sitting', 3],
    ['s3:PutObjekt', 's3:PutObject', 1],
    ['same', 'same', 0],
  ])('between %j and %j is %i', (a, b, distance) => {
    expect(editDistance(a, b)).toBe(distance);
  });
});

describe('closestMatches', () => {
  const regions = ['eu-central-1', 'eu-central-2', 'eu-west-1', 'us-east-1'];

  it('returns the nearest candidates first', () => {
    expect(closestMatches('eu-centrl-1', regions)).toEqual(['eu-central-1', 'eu-central-2']);
  });

  it('leaves out candidates too far away to be a typo', () => {
    expect(closestMatches('frankfurt', regions)).toEqual([]);
  });

  it('ignores case unless told not to, and honours the limit', () => {
    expect(closestMatches('EU-CENTRAL-1', regions, { limit: 1 })).toEqual(['eu-central-1']);
    expect(closestMatches('EU-WEST-1', regions, { ignoreCase: false })).toEqual([]);
  });
});
