const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** The size of a string in UTF-8 bytes. */
export const utf8Bytes = (text: string): number => Buffer.byteLength(text, 'utf8');

/**
 * The longest start of `text` that fits in `maxBytes` of UTF-8. It cuts
 * between grapheme clusters, so an emoji or an accented letter is never
 * broken; only a single cluster longer than the whole budget is cut, and then
 * between code points, never inside one.
 */
export function truncateUtf8(text: string, maxBytes: number): string {
  if (utf8Bytes(text) <= maxBytes) return text;
  let result = '';
  let used = 0;
  for (const { segment } of graphemes.segment(text)) {
    const size = utf8Bytes(segment);
    if (used + size > maxBytes) {
      if (result === '') {
        for (const codePoint of segment) {
          const pointSize = utf8Bytes(codePoint);
          if (used + pointSize > maxBytes) break;
          result += codePoint;
          used += pointSize;
        }
      }
      break;
    }
    result += segment;
    used += size;
  }
  return result;
}
