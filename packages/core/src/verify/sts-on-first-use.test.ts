import { describe, expect, it, vi } from 'vitest';

const loaded = vi.hoisted(() => ({ sts: false }));
vi.mock('@aws-sdk/client-sts', async (importOriginal) => {
  loaded.sts = true;
  return importOriginal();
});

describe('@aws-sdk/client-sts in the connection checks', () => {
  it('is loaded when a check asks STS, not when the checks are imported', async () => {
    await import('./index');
    expect(loaded.sts).toBe(false);

    const { loadStsModule } = await import('../roles/sts-module');
    const sts = await loadStsModule();
    expect(loaded.sts).toBe(true);
    expect(await loadStsModule()).toBe(sts);
  });
});
