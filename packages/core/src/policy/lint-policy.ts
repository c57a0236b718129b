import { validateBucketName } from '../bucket';
import { SosError } from '../errors';
import { locateJsonError } from './json-error';
import { lintAccess } from './lint-access';
import { type ExpectedAccess, lintElements } from './lint-elements';
import { finding, type LintPolicyOptions, type LintSeverity, type PolicyFinding } from './lint-finding';
import { lintStructure } from './lint-structure';
import { locateStatements } from './statements';
import type { PolicyDocument } from './types';
import { normalizeUploadPrefix } from './upload-prefix';

const SEVERITY_ORDER: readonly LintSeverity[] = ['error', 'security_warning', 'warning', 'suggestion'];

function jsonHint(found: string | undefined, expected: string): string {
  if (found !== undefined && '\u201C\u201D\u2018\u2019'.includes(found)) {
    return 'Replace the curly quotes (“ ” ‘ ’) with straight double quotes ("). They come from copying through a word processor or e-mail.';
  }
  if (found === "'") return 'JSON needs double quotes ("), not single quotes.';
  if (expected.includes('remove the comma')) return 'Remove the comma after the last entry of the list or object.';
  return 'Copy the policy again, from the first { to the last }, and paste it without changes except the bucket name.';
}

function parsePolicyText(text: string): { ok: true; value: unknown } | { ok: false; finding: PolicyFinding } {
  const error = locateJsonError(text);
  if (error === undefined) return { ok: true, value: JSON.parse(text) as unknown };
  const found = error.found === undefined ? 'the end of the text' : JSON.stringify(error.found);
  return {
    ok: false,
    finding: finding(
      'MALFORMED_JSON',
      `The policy is not valid JSON: at line ${error.line}, column ${error.column} there is ${found} where ${error.expected} should be.`,
      jsonHint(error.found, error.expected),
      '',
      { line: error.line, column: error.column },
    ),
  };
}

function expectedAccess(options: LintPolicyOptions): ExpectedAccess {
  const bucket = validateBucketName(options.bucket);
  const [problem] = bucket.errors;
  if (problem !== undefined) {
    throw new SosError('INVALID_INPUT', `The expected bucket is not valid: ${problem.message}`, {
      hint: problem.hint,
      details: { issues: bucket.errors },
    });
  }
  return { bucket: bucket.name, prefix: normalizeUploadPrefix(options.prefix), partition: options.partition };
}

/**
 * Checks an IAM policy that a customer pasted (text or object) against what
 * uploads into their bucket need, and says what is wrong in words they
 * understand. Findings are sorted by severity: `error` (the policy is refused
 * or uploads fail), `security_warning` (it allows more than uploads need),
 * `warning`, `suggestion`.
 *
 * Whether uploads work (`UPLOAD_NOT_ALLOWED`) and whether the policy allows
 * more (`EXTRA_PERMISSIONS`) are decided by {@link evaluatePolicy}, so any
 * spelling of the same policy gets the same answer.
 *
 * @example
 * const findings = lintPolicy(pastedText, { bucket: 'ronssosbucket' });
 * const blocking = findings.filter((f) => f.severity === 'error');
 */
export function lintPolicy(policy: string | object, options: LintPolicyOptions): PolicyFinding[] {
  const expected = expectedAccess(options);
  let document: unknown = policy;
  if (typeof policy === 'string') {
    const parsed = parsePolicyText(policy.replace(/^\uFEFF/, ''));
    if (!parsed.ok) return [parsed.finding];
    document = parsed.value;
  }
  const findings: PolicyFinding[] = [];
  const wellFormed = lintStructure(document, findings);
  lintElements(locateStatements(document), expected, findings);
  if (wellFormed) lintAccess(document as PolicyDocument, expected, options.tier ?? 'put-only', findings);
  return findings
    .map((item, order) => ({ item, order }))
    .sort(
      (a, b) => SEVERITY_ORDER.indexOf(a.item.severity) - SEVERITY_ORDER.indexOf(b.item.severity) || a.order - b.order,
    )
    .map(({ item }) => item);
}
