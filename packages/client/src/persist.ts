import type { StateStore, UploadFile } from './types';

/** What is kept of an upload in parts between page loads: never a URL, only what renews them. */
export interface SavedUpload {
  ticket: string;
  bucket: string;
  key: string;
  uploadId: string;
  partSize: number;
  /** `[partNumber, etag]` of every finished part. */
  etags: [number, string][];
}

/** The store `persist` names: `true` is `localStorage`, where there is one. */
export function storeFor(persist: boolean | StateStore | undefined): StateStore | undefined {
  if (persist !== true) return persist || undefined;
  const { localStorage } = globalThis as {
    localStorage?: {
      getItem(key: string): string | null;
      setItem(key: string, value: string): void;
      removeItem(key: string): void;
    };
  };
  return (
    localStorage && {
      get: (key) => localStorage.getItem(key),
      set: (key, value) => localStorage.setItem(key, value),
      delete: (key) => localStorage.removeItem(key),
    }
  );
}

/** The store key of a file: the same file picked again, on the same endpoint, finds its upload. */
export const fingerprintOf = (endpoint: string, file: UploadFile): string =>
  `sos:${JSON.stringify([endpoint, file.name, file.size, file.lastModified ?? 0, file.type])}`;

/** The saved upload of a file, or `undefined` when there is none or it does not read back. */
export async function loadUpload(store: StateStore, key: string): Promise<SavedUpload | undefined> {
  try {
    const saved = JSON.parse((await store.get(key)) ?? 'null') as SavedUpload | null;
    return typeof saved?.ticket === 'string' && Array.isArray(saved.etags) && saved.partSize > 0 ? saved : undefined;
  } catch {
    return undefined;
  }
}

/** Writes or deletes a saved upload. A store that fails (quota, private mode) costs resumability, never the upload. */
export async function saveUpload(store: StateStore, key: string, saved: SavedUpload | undefined): Promise<void> {
  try {
    await (saved ? store.set(key, JSON.stringify(saved)) : store.delete(key));
  } catch {}
}
