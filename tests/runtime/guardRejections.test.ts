import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../support/bundle.js';

const run = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'tests/support/strayRejection.ts', ...args], { cwd: projectRoot, encoding: 'utf8', timeout: 60_000 });

describe('a stray promise rejection', () => {
  it('ends a process without the guard (Node’s default), and the bot’s guard logs it and goes on', () => {
    const bare = run();
    expect(bare.status).not.toBe(0);
    expect(bare.stdout).not.toContain('alive');
    const guarded = run('guarded');
    expect(guarded.status).toBe(0);
    expect(guarded.stdout).toContain('alive');
    expect(guarded.stderr).toContain('CSB_UNHANDLED_REJECTION');
    expect(guarded.stderr).not.toContain('Command timed out'); // the error's name only: a message could quote a patient
  }, 120_000);
});
