import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RouterCache } from './routerSnapshot.js';

/**
 * Trained routers kept in a folder (by default .cache/router/ in the project), so a restart with
 * an unchanged knowledge base loads the model instead of training it (about a second of CPU).
 * Writes are atomic (temporary file, then rename) for processes starting together; any I/O
 * failure only means training next time.
 */
export function createFileRouterCache(dir: string, salt: string): RouterCache {
  const file = (key: string) => join(dir, `router-${key}.bin`);
  return {
    salt,
    read(key) {
      try {
        return readFileSync(file(key));
      } catch {
        return undefined;
      }
    },
    write(key, bytes) {
      try {
        mkdirSync(dir, { recursive: true });
        const tmp = `${file(key)}.${process.pid}.tmp`;
        writeFileSync(tmp, bytes);
        renameSync(tmp, file(key));
      } catch {
        // A read-only folder: the next start trains again.
      }
    },
  };
}
