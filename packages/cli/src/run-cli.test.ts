import { PassThrough, Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { colourEnabled, redact } from './output';
import { type CliIo, runCli } from './run-cli';

/** A stream that collects what is written to it, or fails on the first write. */
function sink(failWith?: Error): Writable & { text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  if (failWith !== undefined) {
    stream.write = () => {
      throw failWith;
    };
  }
  return Object.assign(stream, { text: () => chunks.join('') });
}

function io(env: Record<string, string> = {}, stdout = sink()) {
  const stderr = sink();
  const streams: CliIo = { stdin: new PassThrough(), stdout, stderr, env };
  return { streams, stdout, stderr };
}

describe('runCli', () => {
  it('returns 0 and writes the command’s output', async () => {
    const { streams, stdout } = io();
    expect(await runCli(['policy', '--bucket', 'acme-lab-uploads'], streams)).toBe(0);
    expect(JSON.parse(stdout.text())).toMatchObject({ Version: '2012-10-17' });
  });

  it('turns an unexpected error into one line and exit status 70, without the stack', async () => {
    const { streams, stderr } = io({}, sink(new Error('disk full\n  while writing')));
    expect(await runCli(['policy', '--bucket', 'acme-lab-uploads'], streams)).toBe(70);
    expect(stderr.text()).toBe(
      'error: unexpected failure: disk full while writing (set SOS_DEBUG=1 to see the stack trace)\n',
    );
  });

  it('adds the stack trace with SOS_DEBUG=1', async () => {
    const { streams, stderr } = io({ SOS_DEBUG: '1' }, sink(new Error('disk full')));
    expect(await runCli(['policy', '--bucket', 'acme-lab-uploads'], streams)).toBe(70);
    expect(stderr.text()).toMatch(/^error: unexpected failure: disk full\nError: disk full\n\s+at /);
  });
});

describe('redact', () => {
  it('blanks out every occurrence of every secret', () => {
    expect(redact('key s3cr3t and s3cr3t again, token t0k', new Set(['s3cr3t', 't0k', '']))).toBe(
      'key [redacted] and [redacted] again, token [redacted]',
    );
  });
});

describe('colourEnabled', () => {
  it('colours a terminal only, and never with NO_COLOR set', () => {
    expect(colourEnabled({ isTTY: true }, {})).toBe(true);
    expect(colourEnabled({ isTTY: true }, { NO_COLOR: '' })).toBe(true);
    expect(colourEnabled({ isTTY: true }, { NO_COLOR: '1' })).toBe(false);
    expect(colourEnabled({}, {})).toBe(false);
  });
});
