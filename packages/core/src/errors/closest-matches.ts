/**
 * The edit distance between two strings: how many single-character
 * insertions, deletions or substitutions turn one into the other.
 *
 * @example
 * editDistance('s3:PutObjekt', 's3:PutObject'); // 1
 */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/** Options of {@link closestMatches}. */
export interface ClosestMatchesOptions {
  /**
   * How many matches to return at most.
   * @default 3
   */
  limit?: number;
  /**
   * The largest distance still worth suggesting, as a share of the input's length.
   * @default 0.34 (about a third)
   */
  maxRelativeDistance?: number;
  /**
   * Compare without regard to letter case.
   * @default true
   */
  ignoreCase?: boolean;
}

/**
 * The candidates closest to what someone typed, best first, for "did you
 * mean" hints. Candidates too far away to be a plausible typo are left out.
 *
 * @example
 * closestMatches('eu-centrl-1', ['eu-central-1', 'eu-west-1']); // ['eu-central-1']
 */
export function closestMatches(
  input: string,
  candidates: Iterable<string>,
  options: ClosestMatchesOptions = {},
): string[] {
  const { limit = 3, maxRelativeDistance = 0.34, ignoreCase = true } = options;
  const needle = ignoreCase ? input.toLowerCase() : input;
  const budget = Math.max(1, Math.floor(needle.length * maxRelativeDistance));
  const scored: { candidate: string; distance: number }[] = [];
  const seen = new Set<string>();
  for (const candidate of candidates) {
    if (seen.has(candidate)) continue;
    seen.add(candidate);
    const distance = editDistance(needle, ignoreCase ? candidate.toLowerCase() : candidate);
    if (distance <= budget) scored.push({ candidate, distance });
  }
  scored.sort((x, y) => x.distance - y.distance || x.candidate.localeCompare(y.candidate));
  return scored.slice(0, limit).map((entry) => entry.candidate);
}
