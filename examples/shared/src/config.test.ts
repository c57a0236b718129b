import { describe, expect, it } from 'vitest';
import { localOrigins, readDemoConfig } from './config';

const read = (env: NodeJS.ProcessEnv) => readDemoConfig(env, { dataDir: '/tmp/sos-demo-data', log: () => {} });

describe('readDemoConfig', () => {
  it('starts the embedded S3 server on 127.0.0.1:3000 when nothing is set', () => {
    const config = read({});
    expect(config).toMatchObject({ port: 3000, host: '127.0.0.1', storage: { mode: 'embedded' }, origins: undefined });
    expect(config.dataDir).toBe('/tmp/sos-demo-data');
  });

  it('reads Amazon S3, an S3-compatible endpoint, origins and the data folder', () => {
    expect(read({ SOS_S3_ENDPOINT: 'aws' }).storage).toEqual({ mode: 'aws' });
    expect(read({ SOS_S3_ENDPOINT: 'http://127.0.0.1:9000/' }).storage).toEqual({
      mode: 'custom',
      endpoint: 'http://127.0.0.1:9000',
    });
    const config = read({ SOS_ORIGINS: 'https://orders.example.com, http://localhost:3000', SOS_DATA_DIR: '/srv/sos' });
    expect(config.origins).toEqual(['https://orders.example.com', 'http://localhost:3000']);
    expect(config.dataDir).toBe('/srv/sos');
  });

  it('refuses bad values with a hint', () => {
    expect(() => read({ PORT: 'eighty' })).toThrow('PORT=eighty is not a port number.');
    expect(() => read({ SOS_S3_ENDPOINT: 'minio' })).toThrow(/neither "embedded", "aws" nor a URL/);
    expect(() => read({ SOS_S3_ENDPOINT: 'ftp://host' })).toThrow(/not an http\(s\) URL/);
    expect(() => read({ SOS_ORIGINS: 'https://orders.example.com/' })).toThrow();
  });

  it('derives both loopback origins from the port', () => {
    expect(localOrigins(3000)).toEqual(['http://localhost:3000', 'http://127.0.0.1:3000']);
  });
});
