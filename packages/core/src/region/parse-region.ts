import { closestMatches, type ValidationIssue } from '../errors';
import {
  AMBIGUOUS_REGION_NAMES,
  AWS_REGIONS,
  type AwsPartition,
  type AwsRegion,
  UNSUPPORTED_REGION_CODES,
} from './regions';

/** What {@link parseRegion} understood. */
export type RegionParseResult =
  | {
      ok: true;
      /** The region code, such as `eu-central-1`. */
      region: string;
      partition: AwsPartition;
      /** The name the AWS console shows, such as `Europe (Frankfurt)`. */
      name: string;
    }
  | {
      ok: false;
      error: ValidationIssue;
      /** Region codes that may be what was meant, best first. */
      suggestions: string[];
    };

const BY_CODE = new Map(AWS_REGIONS.map((entry) => [entry.code, entry]));

/** Lower case, accents and punctuation dropped, words separated by one space. */
function words(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/** Every name a region is known by, mapped to the regions it could mean. */
function buildNameIndex(): Map<string, Set<string>> {
  const index = new Map<string, Set<string>>();
  const add = (name: string, code: string) => {
    const key = words(name);
    if (key === '') return;
    const codes = index.get(key) ?? new Set<string>();
    codes.add(code);
    index.set(key, codes);
  };
  for (const entry of AWS_REGIONS) {
    add(entry.name, entry.code);
    const parts = /^(.*?)\s*\((.*)\)$/.exec(entry.name);
    if (parts) {
      add(parts[1] ?? '', entry.code);
      add(parts[2] ?? '', entry.code);
    }
    for (const alias of entry.aliases) add(alias, entry.code);
  }
  for (const [name, codes] of Object.entries(AMBIGUOUS_REGION_NAMES)) index.set(words(name), new Set(codes));
  return index;
}

let builtNameIndex: Map<string, Set<string>> | undefined;

/** The name index, built on the first lookup by name rather than when `@sos/core` is imported. */
function nameIndex(): Map<string, Set<string>> {
  builtNameIndex ??= buildNameIndex();
  return builtNameIndex;
}

function found(entry: AwsRegion): RegionParseResult {
  return { ok: true, region: entry.code, partition: entry.partition, name: entry.name };
}

function describe(codes: readonly string[]): string {
  return codes.map((code) => `${code} (${BY_CODE.get(code)?.name ?? code})`).join(', ');
}

/** A region code typed with spaces or underscores, or an availability zone such as `us-east-1a`. */
function asRegionCode(lower: string): AwsRegion | undefined {
  const dashed = lower.replace(/[\s_]+/g, '-');
  const exact = BY_CODE.get(dashed) ?? BY_CODE.get(dashed.replace(/(\d)[a-z]$/, '$1'));
  if (exact) return exact;
  const squashed = lower.replace(/[^a-z0-9]/g, '');
  return AWS_REGIONS.find((entry) => entry.code.replace(/-/g, '') === squashed);
}

/** A known region code written inside longer text, as the console's region menu shows it. */
function embeddedRegionCode(lower: string): AwsRegion | undefined {
  for (const match of lower.matchAll(/[a-z]{2}(?:-gov)?-[a-z]+-\d+/g)) {
    const entry = BY_CODE.get(match[0]);
    if (entry) return entry;
  }
  return undefined;
}

/** Regions named by any run of words in the input, when they all agree on one. */
function regionFromWordRuns(key: string): AwsRegion | undefined {
  const tokens = key.split(' ');
  const matches = new Set<string>();
  for (let size = tokens.length; size >= 1; size--) {
    for (let start = 0; start + size <= tokens.length; start++) {
      const run = tokens.slice(start, start + size).join(' ');
      // Two-letter words (eu, us, uk) match too much on their own.
      if (run.length < 3) continue;
      const codes = nameIndex().get(run);
      if (codes?.size === 1) for (const code of codes) matches.add(code);
    }
  }
  if (matches.size !== 1) return undefined;
  const [code] = matches;
  return code === undefined ? undefined : BY_CODE.get(code);
}

function suggestionsFor(input: string): string[] {
  const byKey = new Map<string, string[]>();
  for (const entry of AWS_REGIONS) byKey.set(entry.code, [entry.code]);
  for (const [key, codes] of nameIndex()) byKey.set(key, [...codes]);
  const lower = input.toLowerCase();
  const keys = closestMatches(lower.includes('-') ? lower : words(input), byKey.keys(), { limit: 5 });
  return [...new Set(keys.flatMap((key) => byKey.get(key) ?? []))].slice(0, 3);
}

/**
 * Understands a region as people write it: the code (`eu-central-1 `,
 * `EU_CENTRAL_1`, `us-east-1a`), the console's name (`Europe (Frankfurt)`,
 * `Europe (Frankfurt) eu-central-1`), a city or an old name (`Frankfurt`,
 * `N. Virginia`, `US Standard`). Unknown or ambiguous input comes back with
 * the closest region codes.
 *
 * @example
 * parseRegion('US Standard'); // { ok: true, region: 'us-east-1', partition: 'aws', name: 'US East (N. Virginia)' }
 * parseRegion('eu-centrl-1'); // { ok: false, error: { code: 'REGION_UNKNOWN', … }, suggestions: ['eu-central-1', …] }
 */
export function parseRegion(input: string): RegionParseResult {
  const trimmed = input.trim().replace(/^["'`]+|["'`]+$/g, '');
  if (trimmed === '') {
    return {
      ok: false,
      error: {
        code: 'REGION_EMPTY',
        message: 'No region was given.',
        hint: 'Enter the region shown next to the bucket in the S3 console, such as eu-central-1.',
      },
      suggestions: [],
    };
  }
  const lower = trimmed.toLowerCase();
  const shown = trimmed.length > 60 ? `${trimmed.slice(0, 57)}...` : trimmed;

  const code = asRegionCode(lower) ?? embeddedRegionCode(lower);
  if (code) return found(code);

  const unsupported = UNSUPPORTED_REGION_CODES.find((candidate) => lower.includes(candidate));
  if (unsupported !== undefined) {
    return {
      ok: false,
      error: {
        code: 'REGION_UNSUPPORTED',
        message: `${unsupported} is in an isolated or sovereign AWS partition that this service cannot reach.`,
        hint: 'Create the bucket in a commercial, China or GovCloud (US) region.',
      },
      suggestions: [],
    };
  }

  const key = words(trimmed);
  const named = nameIndex().get(key);
  if (named?.size === 1) {
    const [only] = named;
    const entry = only === undefined ? undefined : BY_CODE.get(only);
    if (entry) return found(entry);
  }
  if (named !== undefined && named.size > 1) {
    const candidates = [...named];
    return {
      ok: false,
      error: {
        code: 'REGION_AMBIGUOUS',
        message: `"${shown}" could mean several regions: ${describe(candidates)}.`,
        hint: 'Enter the region code shown next to the bucket in the S3 console.',
      },
      suggestions: candidates,
    };
  }

  const fromWords = /\d/.test(key) ? undefined : regionFromWordRuns(key);
  if (fromWords) return found(fromWords);

  const suggestions = suggestionsFor(trimmed);
  return {
    ok: false,
    error: {
      code: 'REGION_UNKNOWN',
      message: `"${shown}" is not an AWS region.`,
      hint:
        suggestions.length > 0
          ? `Did you mean ${describe(suggestions)}?`
          : 'Enter the region code shown next to the bucket in the S3 console, such as eu-central-1.',
    },
    suggestions,
  };
}

/**
 * The partition a region code belongs to, or undefined for an unknown code.
 *
 * @example
 * partitionOf('cn-north-1'); // 'aws-cn'
 */
export function partitionOf(regionCode: string): AwsPartition | undefined {
  return BY_CODE.get(regionCode)?.partition;
}
