import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseEnv } from 'node:util';

/**
 * Reads `.env` from the working directory into `env` (process.env by default), as the README
 * and .env.example promise. Variables already set win, so a deployment's environment overrides
 * the file. wechaty reads its own WECHATY_* variables from process.env, so they must land there.
 * Returns the file's path, or null when there is none.
 */
export function loadDotEnv(env: Record<string, string | undefined> = process.env, file = resolve('.env')): string | null {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new Error(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, { cause: e });
  }
  for (const [k, v] of Object.entries(parseEnv(text))) if (env[k] === undefined) env[k] = v;
  return file;
}
