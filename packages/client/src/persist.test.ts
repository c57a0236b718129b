import { afterEach, describe, expect, it, vi } from 'vitest';
import { fingerprintOf, loadUpload, saveUpload, storeFor } from './persist';

afterEach(() => {
  vi.unstubAllGlobals();
});

const saved = {
  ticket: 'v1.a.b',
  bucket: 'lab',
  key: 'k',
  uploadId: 'u',
  partSize: 8,
  etags: [[1, '"e"']] as [number, string][],
};

describe('storeFor', () => {
  it('uses localStorage for persist: true, a given store as is, and nothing otherwise', () => {
    const items = new Map<string, string>();
    vi.stubGlobal('localStorage', {
      getItem: (key: string) => items.get(key) ?? null,
      setItem: (key: string, value: string) => items.set(key, value),
      removeItem: (key: string) => items.delete(key),
    });
    const store = storeFor(true);
    store?.set('a', '1');
    expect(items.get('a')).toBe('1');
    expect(store?.get('a')).toBe('1');
    store?.delete('a');
    expect(items.size).toBe(0);
    const own = { get: () => null, set: () => {}, delete: () => {} };
    expect(storeFor(own)).toBe(own);
    expect(storeFor(false)).toBeUndefined();
    expect(storeFor(undefined)).toBeUndefined();
  });

  it('persists nothing where there is no localStorage (Node)', () => {
    expect(storeFor(true)).toBeUndefined();
  });
});

describe('fingerprintOf', () => {
  it('tells apart files that differ in endpoint, name, size, date or type', () => {
    const file = new File(['abc'], 'a.bin', { type: 'application/octet-stream', lastModified: 1 });
    const print = fingerprintOf('/api/upload', file);
    expect(
      fingerprintOf('/api/upload', new File(['xyz'], 'a.bin', { type: 'application/octet-stream', lastModified: 1 })),
    ).toBe(print);
    expect(
      [
        fingerprintOf('/other', file),
        fingerprintOf('/api/upload', new File(['abc'], 'b.bin', { type: 'application/octet-stream', lastModified: 1 })),
        fingerprintOf(
          '/api/upload',
          new File(['abcd'], 'a.bin', { type: 'application/octet-stream', lastModified: 1 }),
        ),
        fingerprintOf('/api/upload', new File(['abc'], 'a.bin', { type: 'application/octet-stream', lastModified: 2 })),
        fingerprintOf('/api/upload', new File(['abc'], 'a.bin', { type: 'image/png', lastModified: 1 })),
      ].every((other) => other !== print),
    ).toBe(true);
  });
});

describe('loadUpload and saveUpload', () => {
  it('reads back what it wrote, and nothing from garbage', async () => {
    const map = new Map<string, string>();
    const store = {
      get: (key: string) => map.get(key) ?? null,
      set: (key: string, value: string) => void map.set(key, value),
      delete: (key: string) => void map.delete(key),
    };
    await saveUpload(store, 'k', saved);
    expect(await loadUpload(store, 'k')).toEqual(saved);
    map.set('k', '{not json');
    expect(await loadUpload(store, 'k')).toBeUndefined();
    map.set('k', JSON.stringify({ ...saved, partSize: 0 }));
    expect(await loadUpload(store, 'k')).toBeUndefined();
    await saveUpload(store, 'k', undefined);
    expect(map.has('k')).toBe(false);
  });

  it('never lets a failing store fail the upload', async () => {
    const store = {
      get: async () => {
        throw new Error('blocked');
      },
      set: () => {
        throw new Error('QuotaExceededError');
      },
      delete: () => {},
    };
    expect(await loadUpload(store, 'k')).toBeUndefined();
    await expect(saveUpload(store, 'k', saved)).resolves.toBeUndefined();
  });
});
