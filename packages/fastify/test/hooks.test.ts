import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { sosPlugin } from '../src';

const connection = {
  bucket: 'acme-lab-uploads',
  region: 'eu-central-1',
  credentials: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' },
  prefix: 'tenant-a',
};

describe('sosPlugin answers through Fastify', () => {
  it('lets the app’s onSend hooks see every answer, signed or refused', async () => {
    const app = Fastify();
    const seen: string[] = [];
    app.addHook('onSend', async (request, reply, payload) => {
      seen.push(`${request.method} ${reply.statusCode}`);
      reply.header('x-app', 'seen');
      return payload;
    });
    await app.register(sosPlugin, { prefix: '/api/sos', resolveTenant: () => connection });
    try {
      const signed = await app.inject({
        method: 'POST',
        url: '/api/sos/uploads',
        payload: { files: [{ name: 'jaw.stl', size: 10, type: 'model/stl' }] },
      });
      const malformed = await app.inject({
        method: 'POST',
        url: '/api/sos/uploads',
        headers: { 'content-type': 'application/json' },
        payload: '{"files":',
      });
      const tooLarge = await app.inject({
        method: 'POST',
        url: '/api/sos/uploads',
        headers: { 'content-type': 'application/json' },
        payload: 'x'.repeat(2 * 1024 * 1024),
      });
      expect([signed.statusCode, malformed.statusCode, tooLarge.statusCode]).toEqual([200, 400, 413]);
      expect(malformed.json().error.code).toBe('INVALID_JSON');
      expect(tooLarge.json().error.code).toBe('BODY_TOO_LARGE');
      for (const answer of [signed, malformed, tooLarge]) {
        expect(answer.headers['x-app']).toBe('seen');
        expect(answer.headers['cache-control']).toBe('no-store');
        expect(answer.headers['content-type']).toMatch(/^application\/json/);
      }
      expect(seen).toEqual(['POST 200', 'POST 400', 'POST 413']);
    } finally {
      await app.close();
    }
  });
});
