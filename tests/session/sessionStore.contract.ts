import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SessionStore } from '../../src/core/ports.js';

export interface StoreHarness {
  store: SessionStore;
  /** Moves the store's clock, or waits, so TTLs can be observed. */
  expire(ms: number): Promise<void>;
  close(): Promise<void>;
}

/** One contract, run against every SessionStore implementation. */
export function sessionStoreContract(name: string, make: () => Promise<StoreHarness>) {
  describe(`SessionStore contract: ${name}`, () => {
    let h: StoreHarness;
    beforeEach(async () => {
      h = await make();
    });
    afterEach(async () => {
      await h.close();
    });

    it('loads nothing for an unknown key', async () => {
      expect(await h.store.load('csb:{nobody}:session')).toBeNull();
    });

    it('saves a new value only when expecting version 0, then bumps the version', async () => {
      expect(await h.store.save('k1', 'a', 0, 60_000)).toBe('saved');
      expect(await h.store.load('k1')).toEqual({ data: 'a', version: 1 });
      expect(await h.store.save('k1', 'b', 0, 60_000)).toBe('conflict');
      expect(await h.store.save('k1', 'b', 1, 60_000)).toBe('saved');
      expect(await h.store.load('k1')).toEqual({ data: 'b', version: 2 });
    });

    it('rejects a write based on a stale version', async () => {
      await h.store.save('k2', 'a', 0, 60_000);
      await h.store.save('k2', 'b', 1, 60_000);
      expect(await h.store.save('k2', 'c', 1, 60_000)).toBe('conflict');
      expect((await h.store.load('k2'))?.data).toBe('b');
    });

    it('lets exactly one of two concurrent writers of the same version win', async () => {
      await h.store.save('k3', 'a', 0, 60_000);
      const results = await Promise.all([h.store.save('k3', 'x', 1, 60_000), h.store.save('k3', 'y', 1, 60_000)]);
      expect(results.sort()).toEqual(['conflict', 'saved']);
    });

    it('expires a value after its TTL, renewed on every save', async () => {
      await h.store.save('k4', 'a', 0, 300);
      await h.expire(200);
      await h.store.save('k4', 'b', 1, 300);
      await h.expire(200);
      expect((await h.store.load('k4'))?.data).toBe('b');
      await h.expire(250);
      expect(await h.store.load('k4')).toBeNull();
    });

    it('deletes a value', async () => {
      await h.store.save('k5', 'a', 0, 60_000);
      await h.store.delete('k5');
      expect(await h.store.load('k5')).toBeNull();
      expect(await h.store.save('k5', 'b', 0, 60_000)).toBe('saved');
    });

    it('keeps unicode and large values intact', async () => {
      const value = JSON.stringify({ t: '孕妇😀'.repeat(2000) });
      await h.store.save('k6', value, 0, 60_000);
      expect((await h.store.load('k6'))?.data).toBe(value);
    });

    it('marks a delivery with its write: the same delivery again writes nothing and says duplicate', async () => {
      const turn = { deliveryKey: 'tg:contract-1', seenTtlMs: 60_000, pending: null };
      expect(await h.store.save('k7', 'a', 0, 60_000, turn)).toBe('saved');
      expect(await h.store.save('k7', 'b', 1, 60_000, turn)).toBe('duplicate');
      expect(await h.store.load('k7')).toEqual({ data: 'a', version: 1 });
      // A lost compare-and-set leaves no mark, so the retry of the same delivery is applied.
      const other = { ...turn, deliveryKey: 'tg:contract-2' };
      expect(await h.store.save('k7', 'c', 0, 60_000, other)).toBe('conflict');
      expect(await h.store.save('k7', 'c', 1, 60_000, other)).toBe('saved');
      expect((await h.store.load('k7'))?.data).toBe('c');
    });

    it('of two concurrent writes of one delivery, exactly one is applied', async () => {
      const turn = { deliveryKey: 'tg:contract-3', seenTtlMs: 60_000, pending: null };
      const results = await Promise.all([h.store.save('k8', 'x', 0, 60_000, turn), h.store.save('k8', 'y', 0, 60_000, turn)]);
      expect(results.filter((r) => r === 'saved')).toHaveLength(1);
    });

    it('with no session data, marks the delivery and keeps the session as it was', async () => {
      await h.store.save('k9', 'a', 0, 60_000);
      const turn = { deliveryKey: 'tg:contract-4', seenTtlMs: 60_000, pending: null };
      expect(await h.store.save('k9', null, 1, 60_000, turn)).toBe('saved');
      expect(await h.store.load('k9')).toEqual({ data: 'a', version: 1 });
      expect(await h.store.save('k9', null, 1, 60_000, turn)).toBe('duplicate');
    });
  });
}
