import { createMemorySessionStore } from '../../src/session/createMemorySessionStore.js';
import { sessionStoreContract } from './sessionStore.contract.js';

sessionStoreContract('memory', async () => {
  let now = 0;
  return {
    store: createMemorySessionStore(() => now),
    expire: async (ms) => void (now += ms),
    close: async () => undefined,
  };
});
