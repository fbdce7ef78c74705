import { join } from 'node:path';
import { createReader } from '../../knowledge/createReader.js';
import type { Router } from '../../knowledge/classifier/createRouter.js';
import type { KnowledgeFiles } from '../../knowledge/loadKnowledge.js';
import { compileActs } from '../../knowledge/readAct.js';
import { readYaml } from '../../knowledge/readYaml.js';
import { createRedFlagScanner } from '../../knowledge/redflags/createRedFlagScanner.js';
import { redFlagSchema } from '../../knowledge/redflags/redFlagSchema.js';
import type { Bundle } from '../../loadContent.js';

/**
 * The shipped bundle with another router behind `reader.classify`, wired as loadContent wires the
 * real one (intents, acts, scope rules, red flags all unchanged), so a baseline or a router trained
 * on part of the corpus is scored through the whole first-message pipeline.
 */
export function withRouterFactory(root: string, bundle: Bundle, kb: KnowledgeFiles): (router: Router) => Bundle {
  const flags = readYaml(join(root, 'knowledge', 'red-flags.yaml'), redFlagSchema, root);
  if (!flags.ok) throw new Error('knowledge/red-flags.yaml did not load');
  const scanner = createRedFlagScanner(flags.value);
  const data = {
    acts: compileActs(kb.acts),
    intents: kb.intents,
    scope: { alwaysOut: kb.scope.always_out, outUnlessTherapy: kb.scope.out_unless_therapy, therapy: kb.scope.therapy },
  };
  return (router) => ({ ...bundle, reader: createReader(data, bundle.matcher, scanner, router) });
}
