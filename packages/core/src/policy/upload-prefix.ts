import { SosError } from '../errors';

/**
 * A folder inside the bucket in its canonical form: no leading or trailing
 * slash, or undefined for "the whole bucket". Refuses what would turn into a
 * wildcard or variable in a policy (`*`, `?`, `$`), empty or `.`/`..`
 * segments, and control characters.
 *
 * @example
 * normalizeUploadPrefix('/orders/2024/'); // 'orders/2024'
 * normalizeUploadPrefix(''); // undefined
 */
export function normalizeUploadPrefix(prefix: string | undefined): string | undefined {
  if (prefix === undefined) return undefined;
  const trimmed = prefix.trim().replace(/^\/+|\/+$/g, '');
  if (trimmed === '') return undefined;
  const problem = /[*?$]/.test(trimmed)
    ? 'contains *, ? or $, which a policy would read as a wildcard or variable'
    : // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what is refused here
      /[\u0000-\u001f\u007f]/.test(trimmed)
      ? 'contains control characters'
      : trimmed.split('/').some((segment) => segment === '' || segment === '.' || segment === '..')
        ? 'has an empty, "." or ".." folder'
        : Buffer.byteLength(trimmed, 'utf8') > 512
          ? 'is longer than 512 bytes'
          : undefined;
  if (problem !== undefined) {
    throw new SosError('INVALID_INPUT', `The prefix ${JSON.stringify(prefix)} ${problem}.`, {
      hint: 'Use a plain folder path such as "orders" or "labs/acme", with letters, digits, "-", "_", "." and "/".',
      details: { prefix },
    });
  }
  return trimmed;
}
