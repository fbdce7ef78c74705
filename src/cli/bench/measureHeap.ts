import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

// The bench runs under tsx without --expose-gc; this turns it on so heap figures are after a full collection.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** Heap in use after a full collection, in MB. */
export function heapUsedMb(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed / 1_048_576;
}

/** Builds something and reports how long it took and how much heap it keeps. */
export function measureBuild<T>(build: () => T): { value: T; ms: number; heapMb: number } {
  const before = heapUsedMb();
  const t0 = performance.now();
  const value = build();
  const ms = performance.now() - t0;
  return { value, ms, heapMb: heapUsedMb() - before };
}
