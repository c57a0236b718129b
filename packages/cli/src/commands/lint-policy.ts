import { readFile } from 'node:fs/promises';
import { type AwsPartition, type LintSeverity, lintPolicy, type PolicyFinding, type UploadTier } from '@sos/core';
import type { Command } from 'commander';
import type { Colors } from 'picocolors/types';
import type { CliContext } from '../context';
import { EXIT_STATUS, UsageError } from '../errors';
import { coloursFor, writeJson, writeLines } from '../output';
import { sharedOptions } from '../shared-options';

interface LintPolicyOptions {
  bucket: string;
  prefix?: string;
  partition?: AwsPartition;
  tier: UploadTier;
  json?: true;
}

/** Severities that make `lint-policy` exit with status 1: the policy is refused, uploads fail, or it allows too much. */
const BLOCKING: ReadonlySet<LintSeverity> = new Set(['error', 'security_warning']);

const SEVERITY_LABELS: Readonly<Record<LintSeverity, string>> = {
  error: 'error',
  security_warning: 'security warning',
  warning: 'warning',
  suggestion: 'suggestion',
};

async function readPolicyText(file: string, context: CliContext): Promise<string> {
  if (file === '-') {
    const chunks: Buffer[] = [];
    for await (const chunk of context.stdin) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
    return Buffer.concat(chunks).toString('utf8');
  }
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : (code ?? 'unreadable');
    throw new UsageError(
      `Cannot read the policy file "${file}": ${reason}.`,
      'Give the path of a JSON file, or - to read the policy from standard input.',
    );
  }
}

function formatFinding(finding: PolicyFinding, colours: Colors): string[] {
  const paint = BLOCKING.has(finding.severity) ? colours.red : colours.yellow;
  const mark = finding.severity === 'error' ? '✗' : finding.severity === 'suggestion' ? '·' : '!';
  const where = finding.path === '' ? '' : colours.dim(` at ${finding.path}`);
  return [
    `${paint(`${mark} ${SEVERITY_LABELS[finding.severity]}`)} ${colours.bold(finding.code)}${where}`,
    `  ${finding.message}`,
    `  ${finding.hint}`,
  ];
}

function summary(findings: readonly PolicyFinding[], colours: Colors): string {
  if (findings.length === 0) {
    return colours.green('✓ No findings: the policy lets uploads work and allows nothing more.');
  }
  const counts = (Object.keys(SEVERITY_LABELS) as LintSeverity[])
    .map((severity) => [severity, findings.filter((finding) => finding.severity === severity).length] as const)
    .filter(([, count]) => count > 0)
    .map(([severity, count]) => `${count} ${SEVERITY_LABELS[severity]}${count === 1 ? '' : 's'}`);
  const blocking = findings.some((finding) => BLOCKING.has(finding.severity));
  const text = `${findings.length} finding${findings.length === 1 ? '' : 's'}: ${counts.join(', ')}.`;
  return blocking ? colours.red(text) : colours.yellow(text);
}

/** `sos lint-policy`: checks a pasted IAM policy against what uploads into the bucket need. */
export function registerLintPolicyCommand(program: Command, context: CliContext): void {
  program
    .command('lint-policy')
    .summary('check an IAM policy against what uploads need')
    .description(
      'Check an IAM policy (a JSON file, or - for standard input) against what uploads into the bucket need: ' +
        'whether IAM accepts it, whether uploads work, and whether it allows more than uploads. ' +
        'Exits with status 1 if there is any error or security warning.',
    )
    .argument('<file>', 'the policy JSON file, or - to read standard input')
    .addOption(sharedOptions.bucket('the bucket the policy must allow uploads into'))
    .addOption(sharedOptions.prefix())
    .addOption(sharedOptions.partition())
    .addOption(sharedOptions.tier())
    .addOption(sharedOptions.json())
    .addHelpText(
      'after',
      '\nExamples:\n  sos lint-policy policy.json --bucket acme-lab-uploads\n  pbpaste | sos lint-policy - --bucket acme-lab-uploads --json',
    )
    .action(async (file: string, options: LintPolicyOptions) => {
      const text = await readPolicyText(file, context);
      const findings = lintPolicy(text, {
        bucket: options.bucket,
        tier: options.tier,
        ...(options.prefix === undefined ? {} : { prefix: options.prefix }),
        ...(options.partition === undefined ? {} : { partition: options.partition }),
      });
      if (options.json === true) {
        writeJson(context.stdout, { findings });
      } else {
        const colours = coloursFor(context.stdout, context.env);
        const blocks = findings.map((finding) => [...formatFinding(finding, colours), '']);
        writeLines(context.stdout, [...blocks.flat(), summary(findings, colours)]);
      }
      const blocking = findings.some((finding) => BLOCKING.has(finding.severity));
      context.setExitStatus(blocking ? EXIT_STATUS.findings : EXIT_STATUS.ok);
    });
}
