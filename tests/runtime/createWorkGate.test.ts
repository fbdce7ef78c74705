import { describe, expect, it } from 'vitest';
import { createWorkGate } from '../../src/runtime/createWorkGate.js';

/** A task the test finishes by hand, so order is asserted without any clock. */
function deferred<T = void>() {
  let resolve!: (v: T) => void;
  let reject!: (e: Error) => void;
  const promise = new Promise<T>((a, b) => ((resolve = a), (reject = b)));
  return { promise, resolve, reject };
}
const settle = () => new Promise((r) => setImmediate(r));

describe('createWorkGate', () => {
  it('runs at most `limit` tasks and starts the waiting ones in arrival order', async () => {
    const gate = createWorkGate({ limit: 2 });
    const tasks = Array.from({ length: 5 }, () => deferred<number>());
    const started: number[] = [];
    const results = tasks.map((t, i) => gate.run(() => (started.push(i), t.promise)));
    expect(started).toEqual([0, 1]);
    expect([gate.running, gate.waiting]).toEqual([2, 3]);
    tasks[1]!.resolve(1);
    await settle();
    expect(started).toEqual([0, 1, 2]);
    tasks[0]!.resolve(0);
    tasks[2]!.resolve(2);
    await settle();
    expect(started).toEqual([0, 1, 2, 3, 4]);
    tasks[3]!.resolve(3);
    tasks[4]!.resolve(4);
    expect(await Promise.all(results)).toEqual([0, 1, 2, 3, 4]);
    expect([gate.running, gate.waiting]).toEqual([0, 0]);
  });

  it('frees the slot of a task that rejects or throws, and passes the failure to its caller only', async () => {
    const gate = createWorkGate({ limit: 1 });
    const failing = gate.run(() => Promise.reject(new Error('store down')));
    const throwing = gate.run(() => {
      throw new Error('sync');
    });
    const fine = gate.run(async () => 'ok');
    await expect(failing).rejects.toThrow('store down');
    await expect(throwing).rejects.toThrow('sync');
    expect(await fine).toBe('ok');
    expect([gate.running, gate.waiting]).toEqual([0, 0]);
  });

  it('drains a backlog far larger than the limit, never exceeding it', async () => {
    const gate = createWorkGate({ limit: 8 });
    let now = 0;
    let peak = 0;
    const done = await Promise.all(
      Array.from({ length: 10_000 }, (_, i) =>
        gate.run(async () => {
          peak = Math.max(peak, ++now);
          await settle();
          now--;
          return i;
        }),
      ),
    );
    expect(peak).toBe(8);
    expect(done[9_999]).toBe(9_999);
    expect(gate.waiting).toBe(0);
  });

  it('refuses a limit below one', () => {
    expect(() => createWorkGate({ limit: 0 })).toThrow(RangeError);
  });
});
