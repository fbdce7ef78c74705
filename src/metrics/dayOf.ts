/** The calendar day (YYYY-MM-DD) of `at` in `timeZone`, so the clinic's day is counted, not UTC's. */
export function dayOf(at: number, timeZone = 'UTC'): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

/** The last `n` days up to and including the one holding `at`, oldest first. */
export function lastDays(at: number, n: number, timeZone = 'UTC'): string[] {
  const out: string[] = [];
  for (let i = n - 1; i >= 0; i--) out.push(dayOf(at - i * 86_400_000, timeZone));
  return [...new Set(out)];
}
