/** What /readyz reports: ready, or the reasons it is not. */
export interface ReadinessReport {
  readonly ready: boolean;
  readonly reasons: readonly string[];
}

const PROBE_MS = 1000;

/**
 * Readiness as named conditions: marks set by start-up (content loaded, a channel connected)
 * and probes asked on every check (the session store answers). Not ready until every one is.
 */
export function createReadiness() {
  const marks = new Map<string, string | true>();
  const probes = new Map<string, () => Promise<void>>();
  const probe = async (name: string, fn: () => Promise<void>): Promise<string | null> => {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<string>((r) => (timer = setTimeout(() => r(`${name}: no answer within ${PROBE_MS} ms`), PROBE_MS)));
    const run = fn().then(
      () => null,
      (e: unknown) => `${name}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message ?? 'failed'}`,
    );
    return Promise.race([run, late]).finally(() => clearTimeout(timer));
  };
  return {
    /** `true` when the condition holds; otherwise why not ("loading", "waiting for the QR scan"). */
    mark(name: string, state: true | string): void {
      marks.set(name, state);
    },
    probe(name: string, fn: () => Promise<void>): void {
      probes.set(name, fn);
    },
    async check(): Promise<ReadinessReport> {
      const reasons = [...marks].flatMap(([name, s]) => (s === true ? [] : [`${name}: ${s}`]));
      const probed = await Promise.all([...probes].map(([name, fn]) => probe(name, fn)));
      reasons.push(...probed.filter((r): r is string => r !== null));
      return { ready: reasons.length === 0, reasons };
    },
  };
}

export type Readiness = ReturnType<typeof createReadiness>;
