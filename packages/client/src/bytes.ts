/**
 * A size for people, in units of 1024 labelled as most file managers and
 * Uppy label them: `512 B`, `977 KB`, `8 MB` (8 MiB), `1.5 GB`. One decimal
 * below 100, none from 100.
 */
export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < 4) {
    value /= 1024;
    unit++;
  }
  return `${value >= 100 ? value.toFixed(0) : +value.toFixed(1)} ${['B', 'KB', 'MB', 'GB', 'TB'][unit]}`;
}
