import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { SOS_BIN } from './run-sos';

describe('a reader that stops early', () => {
  it('ends the output without a crash when stdout closes (sos guide | head -1)', async () => {
    const child = spawn(
      process.execPath,
      [
        SOS_BIN,
        'guide',
        '--bucket',
        'acme-lab-uploads',
        '--region',
        'eu-central-1',
        '--origin',
        'https://orders.example.com',
      ],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    // Close the pipe before sos writes, as `head` does once it has its lines.
    child.stdout.destroy();
    const status = await new Promise<number | null>((resolve) => child.once('close', resolve));
    expect(stderr).not.toContain('EPIPE');
    expect(stderr).not.toMatch(/^\s+at /m);
    expect(status).toBe(0);
  }, 15_000);
});
