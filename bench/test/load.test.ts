// The load test in CI: each plugin's sign route, 10,000 requests across
// 10,000 tenants through a 500-client cache, in a server process of its own.
// SOS_LOAD_FULL=1 runs 50,000.
import { describe, expect, it } from 'vitest';
import { FRAMEWORKS } from '../src/apps';
import { loadProfile, loadTable, runLoad } from '../src/load/run-load';

const MB = 1024 * 1024;

describe.each(FRAMEWORKS)('%s under load: a new tenant on every request', (framework) => {
  it('answers every request, keeps the client cache at its bound, and gives its memory back', {
    timeout: 180_000,
  }, async () => {
    const profile = loadProfile();
    const result = await runLoad({ framework, ...profile });
    console.log(loadTable([result]));
    expect(result.failures).toBe(0);
    expect(result.completed).toBe(profile.requests);
    // Every request past the bound evicted (and destroyed) a client: the cache is full, never over.
    expect(result.cacheSizeAfter).toBe(profile.maxClients);
    // 9,500 clients created and destroyed since the baseline; a leak of one in a hundred would be megabytes.
    expect(result.after.heapUsed).toBeLessThan(result.before.heapUsed + 16 * MB);
    expect(result.after.rss).toBeLessThan(result.before.rss + 64 * MB);
    expect(result.after.peakRss).toBeGreaterThanOrEqual(result.after.rss);
  });
});
