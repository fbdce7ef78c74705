import { z } from 'zod';
import type { ChecklistFlow } from '../core/model.js';
import { localisedSchema } from '../knowledge/knowledgeSchema.js';

const words = z.array(z.union([z.string(), z.number()]).transform(String)).min(1);
const answer = z.strictObject({ label: localisedSchema, words });

/** flows/<id>.yaml, as operators write it. */
export const flowSchema = z
  .strictObject({
    id: z.string().regex(/^[a-z0-9-]+$/),
    title: localisedSchema,
    consent: z.strictObject({ text: localisedSchema, agree: words, decline: words }),
    answers: z.strictObject({ yes: answer, no: answer, unsure: answer }),
    questions: z
      .array(
        z.strictObject({
          id: z.string().regex(/^[a-z0-9-]+$/),
          topic: z.string(),
          severity: z.enum(['not_recommended', 'defer', 'caution']),
          text: localisedSchema,
          reason: localisedSchema,
        }),
      )
      .min(1),
    result: z.strictObject({
      intro: localisedSchema,
      none: localisedSchema,
      severity: z.strictObject({ not_recommended: localisedSchema, defer: localisedSchema, caution: localisedSchema }),
      unsure: localisedSchema,
      closing: localisedSchema,
    }),
    max_reasks: z.number().int().min(0).max(10).default(2),
    on_complete: z.enum(['offer_handoff', 'menu']).default('offer_handoff'),
  })
  .transform(({ max_reasks, on_complete, ...rest }): ChecklistFlow => ({ ...rest, maxReasks: max_reasks, onComplete: on_complete }));
