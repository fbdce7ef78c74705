import { afterEach, beforeEach, vi } from 'vitest';

// Tests stay quiet: a stray console.* is either a leftover debug line or a leak of what the
// product should have sent to its logger, so it fails the test that caused it.
const methods = ['log', 'info', 'warn', 'error', 'debug'] as const;
let calls: string[] = [];

beforeEach(() => {
  calls = [];
  for (const m of methods) vi.spyOn(console, m).mockImplementation((...args: unknown[]) => void calls.push(`console.${m}: ${args.map(String).join(' ')}`));
});

afterEach(() => {
  vi.restoreAllMocks();
  if (calls.length) throw new Error(`unexpected console output:\n${calls.join('\n')}`);
});
