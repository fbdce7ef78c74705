import { join } from 'node:path';
import type { ChecklistFlow } from '../core/model.js';
import type { Problem, Result } from '../core/result.js';
import { readYaml } from '../knowledge/readYaml.js';
import { flowSchema } from './flowSchema.js';

export const CHECKLIST_FLOW = 'contraindications';

export function loadFlow(root: string, id = CHECKLIST_FLOW): Result<ChecklistFlow, Problem[]> {
  return readYaml(join(root, 'flows', `${id}.yaml`), flowSchema, root);
}
