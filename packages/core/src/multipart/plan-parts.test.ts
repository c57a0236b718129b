import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_OBJECT_SIZE, MAX_PART_SIZE, MAX_PARTS, MIN_PART_SIZE, planParts } from './plan-parts';

const MiB = 1024 ** 2;

describe('planParts', () => {
  it('uses 8 MiB parts for a 5 GiB CBCT scan', () => {
    const plan = planParts(5 * 1024 ** 3);
    expect(plan.partSize).toBe(8 * MiB);
    expect(plan.partCount).toBe(640);
    expect(plan.parts[0]).toEqual({ partNumber: 1, start: 0, end: 8 * MiB, size: 8 * MiB });
    expect(plan.parts.at(-1)?.end).toBe(5 * 1024 ** 3);
  });

  it('grows parts up to 64 MiB for big files, then beyond when 10,000 parts would not do', () => {
    expect(planParts(100 * 1024 ** 3).partSize).toBe(64 * MiB);
    const biggest = planParts(MAX_OBJECT_SIZE);
    expect(biggest.partCount).toBeLessThanOrEqual(MAX_PARTS);
    expect(biggest.partSize).toBeLessThanOrEqual(MAX_PART_SIZE);
    expect(biggest.partSize % MiB).toBe(0);
  });

  it('plans a small or empty file as one part', () => {
    expect(planParts(20_000)).toMatchObject({
      partCount: 1,
      parts: [{ partNumber: 1, start: 0, end: 20_000, size: 20_000 }],
    });
    expect(planParts(0)).toMatchObject({ partCount: 1, parts: [{ partNumber: 1, start: 0, end: 0, size: 0 }] });
  });

  it('honours a part size of your own within the limits', () => {
    const plan = planParts(12 * MiB, { partSize: 5 * MiB });
    expect(plan.parts.map((part) => part.size)).toEqual([5 * MiB, 5 * MiB, 2 * MiB]);
  });

  it.each([
    ['under 5 MiB', 20 * MiB, MIN_PART_SIZE - 1],
    ['over 5 GiB', 20 * MiB, MAX_PART_SIZE + 1],
    ['not whole', 20 * MiB, 5 * MiB + 0.5],
    ['too small for 10,000 parts', 60 * 1024 ** 3, 5 * MiB],
  ])('refuses a part size %s with INVALID_PARTS', (_case, size, partSize) => {
    expect(() => planParts(size, { partSize })).toThrow(expect.objectContaining({ code: 'INVALID_PARTS' }));
  });

  it('refuses objects over 5 TiB with FILE_TOO_LARGE and nonsense sizes with INVALID_INPUT', () => {
    expect(() => planParts(MAX_OBJECT_SIZE + 1)).toThrow(expect.objectContaining({ code: 'FILE_TOO_LARGE' }));
    expect(() => planParts(-1)).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
    expect(() => planParts(1.5)).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
  });

  it('always covers the file exactly with parts S3 accepts (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: MAX_OBJECT_SIZE }), (size) => {
        const plan = planParts(size);
        expect(plan.partCount).toBe(plan.parts.length);
        expect(plan.partCount).toBeGreaterThanOrEqual(1);
        expect(plan.partCount).toBeLessThanOrEqual(MAX_PARTS);
        expect(plan.partSize).toBeGreaterThanOrEqual(MIN_PART_SIZE);
        expect(plan.partSize).toBeLessThanOrEqual(MAX_PART_SIZE);
        let next = 0;
        const problems = plan.parts.filter((part, index) => {
          const ok =
            part.partNumber === index + 1 &&
            part.start === next &&
            part.size === part.end - part.start &&
            (index === plan.parts.length - 1 || part.size === plan.partSize);
          next = part.end;
          return !ok;
        });
        expect(problems).toEqual([]);
        expect(next).toBe(size);
      }),
      { numRuns: 300 },
    );
  });
});
