// What the runtime keeps alive (sockets, timers, servers), to prove that a
// failed S3 call leaves nothing behind once its clients are destroyed.

/** The kinds of handles a leaked request or retry would leave. */
const WATCHED = ['TCPSocketWrap', 'Timeout', 'TCPServerWrap', 'TCPWRAP'];

/** Counts of the watched handles the runtime holds now. */
export function activeHandles(): Record<string, number> {
  const counts: Record<string, number> = Object.fromEntries(WATCHED.map((kind) => [kind, 0]));
  for (const kind of process.getActiveResourcesInfo()) {
    if (kind in counts) counts[kind] = (counts[kind] ?? 0) + 1;
  }
  return counts;
}

/** The handle kinds of which more are alive than in `baseline`. */
function excess(baseline: Record<string, number>): Record<string, number> {
  const now = activeHandles();
  return Object.fromEntries(
    Object.entries(now)
      .filter(([kind, count]) => count > (baseline[kind] ?? 0))
      .map(([kind, count]) => [kind, count - (baseline[kind] ?? 0)]),
  );
}

/**
 * Waits (up to `withinMs`) for the runtime to hold no more sockets, timers or
 * servers than in `baseline`, and returns what is still in excess: `{}` when
 * nothing leaked. Closing sockets takes a turn or two of the event loop.
 */
export async function leakedHandles(
  baseline: Record<string, number>,
  withinMs = 2_000,
): Promise<Record<string, number>> {
  const until = Date.now() + withinMs;
  let left = excess(baseline);
  while (Object.keys(left).length > 0 && Date.now() < until) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    left = excess(baseline);
  }
  return left;
}
