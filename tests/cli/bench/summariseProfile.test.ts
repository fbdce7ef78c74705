import { describe, expect, it } from 'vitest';
import { summariseAllocations, summariseProfile, type CpuProfile, type HeapProfile } from '../../../src/cli/bench/summariseProfile.js';

const frame = (functionName: string, url: string) => ({ functionName, url, lineNumber: 0 });

describe('profile summary', () => {
  // root → attempt (src/runtime/createBot.ts) → encode (src/session/sessionCodec.ts); root → write (ioredis)
  const profile: CpuProfile = {
    nodes: [
      { id: 1, callFrame: frame('(root)', ''), children: [2, 4] },
      { id: 2, callFrame: frame('attempt', 'file:///x/src/runtime/createBot.ts'), children: [3] },
      { id: 3, callFrame: frame('encodeSession', 'file:///x/src/session/sessionCodec.ts') },
      { id: 4, callFrame: frame('write', 'file:///x/node_modules/ioredis/built/Pipeline.js') },
    ],
    samples: [3, 3, 2, 4],
    timeDeltas: [100, 100, 100, 100],
  };

  it('gives self time by package and file, and inclusive time of our files', () => {
    const text = summariseProfile(profile, 10);
    expect(text).toMatch(/50\.0%  src\/session\/sessionCodec\.ts/);
    expect(text).toMatch(/25\.0%  ioredis/);
    // attempt's own sample plus the two in encodeSession below it.
    expect(text).toMatch(/75\.0%  src\/runtime\/createBot\.ts/);
  });

  it('shows nothing but the headings for an empty profile', () => {
    const text = summariseProfile({ nodes: [{ id: 1, callFrame: frame('(root)', '') }], samples: [], timeDeltas: [] }, 10);
    expect(text.split('\n').filter((l) => l.includes('%'))).toEqual([]);
  });

  it('sums allocated bytes by function', () => {
    const heap: HeapProfile = {
      head: { callFrame: frame('(root)', ''), selfSize: 0, children: [
        { callFrame: frame('write', 'file:///x/node_modules/pino/pino.js'), selfSize: 300, children: [] },
        { callFrame: frame('attempt', 'file:///x/src/runtime/createBot.ts'), selfSize: 100, children: [] },
      ] },
    };
    expect(summariseAllocations(heap, 5)).toMatch(/75\.0%  write  pino:1/);
  });
});
