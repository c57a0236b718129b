import { describe, expect, it } from 'vitest';
import { SosError } from '../errors';
import { errorResponse } from './error-response';

describe('errorResponse', () => {
  it('is never cached, also when an adapter answers its framework’s own errors with it', async () => {
    for (const error of [new SosError('BODY_TOO_LARGE', 'Too large.'), new Error('boom')]) {
      const response = errorResponse(error);
      expect(response.headers.get('cache-control')).toBe('no-store');
      expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    }
  });

  it('keeps a SosError’s code and status and hides anything else behind INTERNAL_ERROR', async () => {
    const known = errorResponse(new SosError('BODY_TOO_LARGE', 'Too large.', { hint: 'Smaller.' }));
    expect(known.status).toBe(413);
    expect(await known.json()).toEqual({ error: { code: 'BODY_TOO_LARGE', message: 'Too large.', hint: 'Smaller.' } });
    const unknown = errorResponse(new Error('secret detail'));
    expect(unknown.status).toBe(500);
    expect(await unknown.text()).not.toContain('secret detail');
  });
});
