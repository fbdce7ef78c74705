/** Calls per command from `INFO commandstats` ("cmdstat_get:calls=10,usec=…"). */
export function parseCommandStats(info: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const m of info.matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm)) out[m[1]!] = Number(m[2]);
  return out;
}

/** Calls made between two snapshots, leaving out the INFO calls that took them. */
export function commandDelta(before: Record<string, number>, after: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [cmd, calls] of Object.entries(after)) {
    const d = calls - (before[cmd] ?? 0) - (cmd === 'info' ? 1 : 0);
    if (d > 0) out[cmd] = d;
  }
  return out;
}
