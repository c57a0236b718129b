import { describe, expect, it } from 'vitest';
import { formatBytes } from './bytes';

describe('formatBytes', () => {
  it('counts in units of 1024 with the labels the demo page uses', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(1023)).toBe('1023 B');
    expect(formatBytes(1024)).toBe('1 KB');
    expect(formatBytes(1_000_000)).toBe('977 KB');
    expect(formatBytes(8 * 1024 ** 2)).toBe('8 MB');
    expect(formatBytes(8 * 1024 ** 2 + 400 * 1024)).toBe('8.4 MB');
    expect(formatBytes(16 * 1024 ** 2)).toBe('16 MB');
    expect(formatBytes(1.5 * 1024 ** 3)).toBe('1.5 GB');
    expect(formatBytes(2 * 1024 ** 5)).toBe('2048 TB');
  });
});
