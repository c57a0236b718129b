import type { VerifyResult } from '@sos/core';
import pc from 'picocolors';
import { describe, expect, it } from 'vitest';
import { formatChecklist } from './checklist';

const result: VerifyResult = {
  status: 'failed',
  checks: [
    { id: 'format', status: 'pass', code: 'FORMAT_OK', message: 'Looks right.', hint: 'Nothing to do.', durationMs: 1 },
    { id: 'identity', status: 'skip', code: 'CHECK_SKIPPED', message: 'Not checked.', hint: 'Later.', durationMs: 0 },
    {
      id: 'write',
      status: 'fail',
      code: 'S3_ACCESS_DENIED',
      message: 'The key may not upload.',
      hint: 'Replace it with the policy to paste.',
      details: { policy: '{\n  "Version": "2012-10-17"\n}' },
      durationMs: 3,
    },
    { id: 'clock', status: 'warn', code: 'CLOCK_DRIFT', message: 'The clock is off.', hint: 'Sync it.', durationMs: 0 },
  ],
};

describe('formatChecklist', () => {
  it('marks each check, indents hints and documents under warnings and failures only, and ends with the verdict', () => {
    expect(formatChecklist(result, pc.createColors(false))).toEqual([
      '✓ format           Looks right.',
      '- identity         Not checked.',
      '✗ write            The key may not upload.',
      '                   Replace it with the policy to paste.',
      '                   the policy to paste:',
      '                     {',
      '                       "Version": "2012-10-17"',
      '                     }',
      '! clock            The clock is off.',
      '                   Sync it.',
      '',
      '✗ Failed: uploads will not work. Fix the 1 failed check above, then run sos check again.',
    ]);
  });

  it('lists the format check’s other problems under the first', () => {
    const format: VerifyResult = {
      status: 'failed',
      checks: [
        {
          id: 'format',
          status: 'fail',
          code: 'BUCKET_NAME_PLACEHOLDER',
          message: 'Placeholder bucket.',
          hint: 'Use yours.',
          details: {
            errors: [{ code: 'BUCKET_NAME_PLACEHOLDER', message: 'Placeholder bucket.', hint: 'Use yours.' }],
            warnings: [{ code: 'ACCESS_KEY_ID_UNUSUAL', message: 'Unusual key ID.', hint: 'Check it.' }],
          },
          durationMs: 0,
        },
      ],
    };
    expect(formatChecklist(format, pc.createColors(false)).slice(0, 3)).toEqual([
      '✗ format           Placeholder bucket.',
      '                   Use yours.',
      '                   also: Unusual key ID.',
    ]);
  });

  it('colours the marks when colour is on, and only then', () => {
    const coloured = formatChecklist(result, pc.createColors(true)).join('\n');
    expect(coloured).toContain('\u001b[32m✓\u001b[39m');
    expect(coloured).toContain('\u001b[31m✗\u001b[39m');
    expect(coloured).toContain('\u001b[33m!\u001b[39m');
    expect(formatChecklist(result, pc.createColors(false)).join('\n')).not.toContain('\u001b[');
  });

  it('says OK or Degraded for the other verdicts', () => {
    const pass = { ...result, status: 'ok' as const, checks: result.checks.slice(0, 1) };
    expect(formatChecklist(pass, pc.createColors(false)).at(-1)).toBe('✓ OK: browsers can upload into this bucket.');
    const warn = { ...result, status: 'degraded' as const, checks: result.checks.slice(3) };
    expect(formatChecklist(warn, pc.createColors(false)).at(-1)).toBe(
      '! Degraded: uploads work, but see the 1 warning above.',
    );
  });
});
