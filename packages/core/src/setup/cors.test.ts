import { describe, expect, it } from 'vitest';
import { generateCorsConfiguration } from './cors';

describe('generateCorsConfiguration', () => {
  it('writes the upload rule in the console form and the put-bucket-cors form', () => {
    const result = generateCorsConfiguration({ origins: ['https://orders.example-lab.com', 'http://localhost:5173'] });
    const rule = {
      AllowedOrigins: ['https://orders.example-lab.com', 'http://localhost:5173'],
      AllowedMethods: ['PUT', 'POST'],
      AllowedHeaders: ['content-type', 'content-md5', 'content-disposition', 'cache-control', 'x-amz-*'],
      ExposeHeaders: ['ETag', 'Location'],
      MaxAgeSeconds: 3600,
    };
    expect(result).toEqual({ rules: [rule], putBucketCors: { CORSRules: [rule] }, warnings: [] });
  });

  it('takes other methods, headers and max age, and drops duplicates', () => {
    const { rules } = generateCorsConfiguration({
      origins: [' https://a.example.com', 'https://a.example.com'],
      methods: ['PUT', 'GET', 'PUT'],
      allowedHeaders: ['*'],
      maxAgeSeconds: 60,
    });
    expect(rules[0]).toMatchObject({
      AllowedOrigins: ['https://a.example.com'],
      AllowedMethods: ['PUT', 'GET'],
      AllowedHeaders: ['*'],
      MaxAgeSeconds: 60,
    });
  });

  it.each([
    // [origin that is refused, what the message says, what the hint suggests, a near miss that is accepted]
    ['app.example.com', /no scheme/, '"https://app.example.com"', 'https://app.example.com'],
    ['localhost:3000', /no scheme/, 'with http:// in front: "http://localhost:3000"', 'http://localhost:3000'],
    ['127.0.0.1:8080', /no scheme/, 'with http:// in front: "http://127.0.0.1:8080"', 'http://127.0.0.1:8080'],
    ['[::1]:3000', /no scheme/, 'with http:// in front: "http://[::1]:3000"', 'http://[::1]:3000'],
    ['localhost.example.com', /no scheme/, '"https://localhost.example.com"', 'https://localhost.example.com'],
    ['ftp://app.example.com', /ftp/, 'https://', 'http://localhost'],
    ['https://app.example.com/', /ends with a slash/, '"https://app.example.com"', 'https://app.example.com'],
    [
      'https://app.example.com/orders',
      /has a path \(\/orders\)/,
      '"https://app.example.com"',
      'https://app.example.com:8443',
    ],
    ['https://app.example.com?x=1', /query or fragment/, '"https://app.example.com"', 'https://app.example.com'],
    [
      'https://user:pw@app.example.com',
      /user name or password/,
      '"https://app.example.com"',
      'https://app.example.com',
    ],
    ['https://App.Example.com', /capital letters/, '"https://app.example.com"', 'https://app.example.com'],
    ['https://app.example.com:443', /default port/, '"https://app.example.com"', 'https://app.example.com:444'],
    ['https://*.*.example.com', /more than one/, '*.example.com', 'https://*.example.com'],
    ['https://exa mple.com', /not a valid address/, 'https://host', 'https://example.com'],
  ])('refuses %j, naming it and the problem', (origin, problem, hint, nearMiss) => {
    let caught: unknown;
    try {
      generateCorsConfiguration({ origins: ['https://ok.example.com', origin] });
    } catch (error) {
      caught = error;
    }
    expect(caught).toMatchObject({ code: 'INVALID_INPUT', message: expect.stringMatching(problem) });
    expect((caught as Error).message).toContain(JSON.stringify(origin));
    expect((caught as { hint: string }).hint).toContain(hint);
    expect(() => generateCorsConfiguration({ origins: [nearMiss] })).not.toThrow();
  });

  it.each([
    ['CORS_WILDCARD_ORIGIN', '*', 'https://*.example.com'],
    ['CORS_INSECURE_ORIGIN', 'http://app.example.com', 'http://127.0.0.1:3000'],
  ])('warns %s for %j but not for %j', (code, risky, fine) => {
    expect(generateCorsConfiguration({ origins: [risky] }).warnings.map((issue) => issue.code)).toEqual([code]);
    expect(generateCorsConfiguration({ origins: [fine] }).warnings).toEqual([]);
  });

  it('refuses an empty origin list and unknown methods', () => {
    expect(() => generateCorsConfiguration({ origins: [] })).toThrow(
      expect.objectContaining({ code: 'INVALID_INPUT' }),
    );
    expect(() => generateCorsConfiguration({ origins: ['https://a.com'], methods: ['DELETE' as 'PUT'] })).toThrow(
      expect.objectContaining({ code: 'INVALID_INPUT' }),
    );
  });
});
