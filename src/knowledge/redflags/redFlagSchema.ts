import { z } from 'zod';
import { redFlagFamilies } from '../../core/reader.js';

const words = z.array(z.string().min(1)).default([]);
const bilingual = z.strictObject({ zh: words, en: words });

/** knowledge/red-flags.yaml: the concepts that set a symptom in time, and the symptom words by family. */
export const redFlagSchema = z.strictObject({
  concepts: z.strictObject({
    negation: bilingual,
    acute: bilingual,
    severe: bilingual,
    mild: bilingual,
    over: bilingual,
    past: bilingual,
    risk: bilingual,
    asks_therapy: bilingual,
    infusion: bilingual,
    clause_breaks: bilingual,
    figurative: bilingual,
  }),
  families: z.strictObject(
    Object.fromEntries(redFlagFamilies.map((f) => [f, z.strictObject({ requires: z.literal('infusion').optional(), zh: words, en: words })])) as Record<
      (typeof redFlagFamilies)[number],
      z.ZodObject<{ requires: z.ZodOptional<z.ZodLiteral<'infusion'>>; zh: typeof words; en: typeof words }>
    >,
  ),
});

export type RedFlagLexicon = z.output<typeof redFlagSchema>;
