import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createUploadHandler } from '../handler';
import type { UploadHandlerOptions } from '../options';

const verified = vi.hoisted(() => [] as { origins?: string[] }[]);
vi.mock('../../verify', () => ({
  verifyConnection: async (_tenant: unknown, options: { origins?: string[] }) => {
    verified.push(options);
    return { status: 'ok', checks: [] };
  },
}));

const connection = {
  bucket: 'lab-a',
  region: 'eu-west-1',
  credentials: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' },
  prefix: 'tenant-a',
};
const handler = (options: Partial<UploadHandlerOptions<object>> = {}) =>
  createUploadHandler<object>({ resolveTenant: () => connection, ...options });

interface Setup {
  cors: { AllowedOrigins: string[] }[] | null;
  corsWarnings: { code: string; message: string; hint: string }[];
}
const setup = async (handle: ReturnType<typeof handler>, origin: string): Promise<Setup> =>
  (await (await handle(new Request('http://app.test/setup', { headers: { origin } }), {})).json()) as Setup;

describe('GET /setup', () => {
  it('never copies the request’s Origin into the CORS rule: without origins it answers none, and says why', async () => {
    for (const origin of ['*', 'https://evil.example', 'http://app.test']) {
      const answer = await setup(handler(), origin);
      expect(answer.cors).toBeNull();
      expect(answer.corsWarnings).toEqual([expect.objectContaining({ code: 'CORS_ORIGINS_NOT_CONFIGURED' })]);
      expect(answer.corsWarnings[0]?.hint).toMatch(/origins/);
    }
  });

  it('fills in the configured origins only, and passes on the warnings of the CORS rule', async () => {
    const configured = await setup(handler({ origins: ['https://app.example.com'] }), 'https://evil.example');
    expect(configured.cors?.[0]?.AllowedOrigins).toEqual(['https://app.example.com']);
    expect(configured.corsWarnings).toEqual([]);
    const wildcard = await setup(handler({ origins: ['*'] }), 'https://evil.example');
    expect(wildcard.cors?.[0]?.AllowedOrigins).toEqual(['*']);
    expect(wildcard.corsWarnings).toEqual([expect.objectContaining({ code: 'CORS_WILDCARD_ORIGIN' })]);
  });
});

describe('POST /connection/verify', () => {
  beforeEach(() => {
    verified.length = 0;
  });
  const verify = (handle: ReturnType<typeof handler>, headers: Record<string, string>) =>
    handle(new Request('http://app.test/connection/verify', { method: 'POST', headers }), {});

  it('checks CORS for the configured origins, whatever Origin the request has', async () => {
    await verify(handler({ origins: ['https://app.example.com'] }), { origin: 'https://evil.example' });
    expect(verified.map((options) => options.origins)).toEqual([['https://app.example.com']]);
  });

  it('without origins, takes the request’s Origin only when it is the app’s own page', async () => {
    const handle = handler();
    await verify(handle, { origin: 'https://evil.example' });
    await verify(handle, { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' });
    await verify(handle, { origin: 'null' });
    await verify(handle, { origin: 'http://app.test' });
    await verify(handle, { origin: 'https://app.example.com', 'sec-fetch-site': 'same-origin' });
    expect(verified.map((options) => options.origins)).toEqual([
      [],
      [],
      [],
      ['http://app.test'],
      ['https://app.example.com'],
    ]);
  });
});
