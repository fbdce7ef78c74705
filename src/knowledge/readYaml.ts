import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { parse } from 'yaml';
import type { z } from 'zod';
import { err, ok, type Problem, type Result } from '../core/result.js';

/** Reads one YAML file through a zod schema, turning every failure into located problems. */
export function readYaml<S extends z.ZodType>(file: string, schema: S, root: string): Result<z.output<S>, Problem[]> {
  const name = relative(root, file) || file;
  let data: unknown;
  try {
    data = parse(readFileSync(file, 'utf8'));
  } catch (e) {
    const message = (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'file is missing' : `not valid YAML: ${(e as Error).message.split('\n')[0]}`;
    return err([{ file: name, message }]);
  }
  const parsed = schema.safeParse(data);
  if (parsed.success) return ok(parsed.data);
  const entry = typeof data === 'object' && data && 'id' in data ? String((data as { id: unknown }).id) : undefined;
  return err(
    parsed.error.issues.map((i) => ({
      file: name,
      ...(entry ? { entry } : {}),
      ...(i.path.length ? { field: i.path.join('.') } : {}),
      message: i.message,
    })),
  );
}
