export interface LivenessDeps {
  /** Silence longer than this is an outage. */
  readonly staleMs: number;
  readonly now: () => number;
  onStale(silentMs: number): void;
  onRecovered(silentMs: number): void;
}

/**
 * Watches for signs of life from the puppet (heartbeat, dong, ready, messages). `check` reports
 * a silence once when it passes `staleMs`, and `feed` reports the recovery, so an operator's
 * alert fires once per outage instead of on every check.
 */
export function createLivenessMonitor(deps: LivenessDeps) {
  let lastSeen = deps.now();
  let stale = false;
  return {
    feed(): void {
      const t = deps.now();
      if (stale) {
        stale = false;
        deps.onRecovered(t - lastSeen);
      }
      lastSeen = t;
    },
    check(): void {
      const silent = deps.now() - lastSeen;
      if (!stale && silent > deps.staleMs) {
        stale = true;
        deps.onStale(silent);
      }
    },
    /** Starts the clock afresh, e.g. on login, without reporting a recovery. */
    reset(): void {
      stale = false;
      lastSeen = deps.now();
    },
    get stale(): boolean {
      return stale;
    },
  };
}
