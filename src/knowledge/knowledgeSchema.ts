import { z } from 'zod';
import { checkSource } from './checkSource.js';
import { actNames, type ActName } from '../core/act.js';

/** Zod schemas for the YAML in knowledge/. Field names are what operators type. */

const nonEmpty = z.string().trim().min(1);
export const localisedSchema = z.strictObject({ zh: nonEmpty, en: nonEmpty });
const topicId = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'ids are lower-case words joined by "-"');

export const faqEntrySchema = z.strictObject({
  id: topicId,
  title: localisedSchema,
  /**
   * Where in the seeds the facts come from ("seed 000 §二.4; seed 001 §四"), so a reviewer and the
   * operator console can check the answer; every seed and section named must exist.
   */
  source: nonEmpty.superRefine((source, ctx) => {
    const r = checkSource(source);
    if (!r.ok) for (const message of r.problems) ctx.addIssue({ code: 'custom', message });
  }),
  medical: z.boolean(),
  offer: z.enum(['none', 'checklist', 'handoff']).default('none'),
  related: z.array(topicId).max(4).default([]),
  answer: z.strictObject({
    zh: nonEmpty.max(400, 'keep answers short: at most 400 characters'),
    en: nonEmpty.max(1200, 'keep answers short: at most 1200 characters'),
  }),
  examples: z.strictObject({ zh: z.array(nonEmpty).min(3), en: z.array(nonEmpty).min(1) }),
  keywords: z.array(nonEmpty).min(1),
});
export type FaqEntryFile = z.infer<typeof faqEntrySchema>;

/** canonical word → variants that mean it (colloquial words, typos, English). */
export const synonymsSchema = z.strictObject({
  synonyms: z.record(nonEmpty, z.array(nonEmpty)),
  /** Words that carry no meaning for routing; removed after segmentation. */
  stopwords: z.array(nonEmpty),
  /** Extra words the segmenter must keep whole (canonical words are added automatically). */
  words: z.array(nonEmpty).default([]),
});

export const emergencySchema = z.strictObject({
  reply: localisedSchema,
});

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'use HH:MM');
export const clinicSchema = z.strictObject({
  name: localisedSchema,
  service: localisedSchema,
  /** Empty or missing fields are never shown and never invented. */
  contact: z.strictObject({
    phone: z.string().default(''),
    wechat: z.string().default(''),
    address: z.string().default(''),
    website: z.string().default(''),
  }),
  hours: z
    .strictObject({
      timezone: nonEmpty,
      days: z.array(z.number().int().min(1).max(7)).min(1),
      open: hhmm,
      close: hhmm,
    })
    .nullable()
    .default(null),
  /** A crisis line the clinic confirmed, shown for self-harm; absent, only 120/110 are given. */
  crisisLine: z.string().trim().min(1).optional(),
});

/**
 * Words that trigger commands. `exact` must be the whole message (after normalising);
 * `contains` may appear anywhere, and `*` in a pattern stands for up to eight characters.
 */
const triggerSchema = z.strictObject({
  exact: z.array(nonEmpty).default([]),
  contains: z.array(nonEmpty).default([]),
});
export const intentNames = ['menu', 'greeting', 'human', 'delete', 'assess', 'english', 'chinese', 'faqList', 'explain', 'endHuman'] as const;
export type IntentName = (typeof intentNames)[number];
export const intentsSchema = z.strictObject(
  Object.fromEntries(intentNames.map((n) => [n, triggerSchema])) as Record<IntentName, typeof triggerSchema>,
);

/** Out-of-scope markers: they send a message to the fallback even when it shares a topic word. */
export const scopeSchema = z.strictObject({
  always_out: z.array(nonEmpty).default([]),
  out_unless_therapy: z.array(nonEmpty).default([]),
  therapy: z.array(nonEmpty).min(1),
  context: z.array(nonEmpty).default([]),
});

/** knowledge/acts.yaml: for every dialogue act, the words that make it up and phrases that contain it. */
const actTriggerSchema = z.strictObject({
  words: z.array(nonEmpty).default([]),
  contains: z.array(nonEmpty).default([]),
});
export const actsSchema = z.strictObject(Object.fromEntries(actNames.map((n) => [n, actTriggerSchema])) as Record<ActName, typeof actTriggerSchema>);
export type ActsFile = z.output<typeof actsSchema>;
