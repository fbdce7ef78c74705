import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatProblem } from '../core/result.js';
import { loadContent, type Bundle } from '../loadContent.js';

export const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** CLIs stop with every data problem listed, one per line, on stderr. */
export function loadBundleOrExit(root = process.env.CONTENT_DIR ?? projectRoot): Bundle {
  const bundle = loadContent(root);
  if (bundle.ok) return bundle.value;
  for (const p of bundle.error) process.stderr.write(`✗ ${formatProblem(p)}\n`);
  process.exit(1);
}
