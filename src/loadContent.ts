import type { Content } from './core/content.js';
import type { ChecklistFlow, FaqEntry } from './core/model.js';
import type { Reader } from './core/reader.js';
import { err, ok, type Problem, type Result } from './core/result.js';
import { loadFlow } from './flows/loadFlow.js';
import { createAnalyser, type Analyser } from './knowledge/createAnalyser.js';
import { createReader } from './knowledge/createReader.js';
import { createRouter, defaultRouterTuning, type LabelledText, type Router } from './knowledge/classifier/createRouter.js';
import { createFileRouterCache } from './knowledge/classifier/createFileRouterCache.js';
import { loadTrainingCorpus } from './knowledge/loadTrainingCorpus.js';
import { createRedFlagScanner, type RedFlagScanner } from './knowledge/redflags/createRedFlagScanner.js';
import { redFlagSchema } from './knowledge/redflags/redFlagSchema.js';
import { readYaml } from './knowledge/readYaml.js';
import { join } from 'node:path';
import { compileActs } from './knowledge/readAct.js';
import { foldText } from './knowledge/foldText.js';
import { loadKnowledge, type KnowledgeFiles } from './knowledge/loadKnowledge.js';
import { requiredTopics } from './knowledge/requiredTopics.js';

export interface Bundle {
  readonly content: Content;
  readonly reader: Reader;
  readonly analyse: Analyser;
  readonly redFlags: RedFlagScanner;
  /** The same reader with another router behind `classify` (the bench scores baselines this way). */
  readerWith(router: Router): Reader;
  /** What the router was trained on: knowledge/training/ and every topic's example questions. */
  readonly corpus: readonly LabelledText[];
}

export interface LoadOptions {
  readonly sessionMinutes?: number;
  /** Folder for trained routers (default .cache/router in `root`); false trains every time. */
  readonly routerCache?: string | false;
}

/** Loads knowledge/ and flows/, checks every cross-reference, and builds the red-flag scanner and the router. */
export function loadContent(root: string, options: LoadOptions = {}): Result<Bundle, Problem[]> {
  const kb = loadKnowledge(root);
  const flow = loadFlow(root);
  const flags = readYaml(join(root, 'knowledge', 'red-flags.yaml'), redFlagSchema, root);
  const problems = [...(kb.ok ? [] : kb.error), ...(flow.ok ? [] : flow.error), ...(flags.ok ? [] : flags.error)];
  if (!kb.ok || !flow.ok || !flags.ok) return err(problems);
  const redFlags = flags.value;
  const trained = loadTrainingCorpus(root, new Set(kb.value.entries.map((e) => e.id)));
  if (!trained.ok) return err(trained.error);
  const training = trained.value;
  problems.push(...crossCheck(kb.value, flow.value));
  if (problems.length) return err(problems);

  const { entries, synonyms, emergency, clinic, intents, messages, faqList, scope } = kb.value;
  const analyse = createAnalyser(synonyms);
  const corpus = [...training, ...examplesOf(entries)];
  const router = createRouter(corpus, analyse, defaultRouterTuning, options.routerCache === false ? undefined : createFileRouterCache(options.routerCache ?? join(root, '.cache', 'router'), JSON.stringify(synonyms)));
  const redFlagScanner = createRedFlagScanner(redFlags);
  const readerData = { acts: compileActs(kb.value.acts), intents, scope: { alwaysOut: scope.always_out, outUnlessTherapy: scope.out_unless_therapy, therapy: scope.therapy, context: scope.context } };
  const readerWith = (r: Router) => createReader(readerData, redFlagScanner, r);
  const reader = readerWith(router);
  const content: Content = {
    faq: new Map(entries.map((e) => [e.id, e])),
    faqList,
    flow: foldFlowWords(flow.value),
    messages,
    emergencyReply: emergency.reply,
    sessionMinutes: options.sessionMinutes ?? 30,
    clinic: { name: clinic.name, service: clinic.service, hours: clinic.hours, crisisLine: clinic.crisisLine ?? null },
  };
  return ok({ content, reader, analyse, corpus, redFlags: redFlagScanner, readerWith });
}

/** Each topic's example questions are training messages for its route too. */
export function examplesOf(entries: readonly FaqEntry[]): LabelledText[] {
  return entries.flatMap((e) => [...e.examples.zh, ...e.examples.en].map((text) => ({ label: `faq:${e.id}` as const, text })));
}

/** Answer words are compared with folded messages, so fold them once here ("don't" → "don t"). */
function foldFlowWords(flow: ChecklistFlow): ChecklistFlow {
  const fold = (ws: readonly string[]) => [...new Set(ws.map(foldText).filter(Boolean))];
  const { yes, no, unsure } = flow.answers;
  const answers = { yes: { ...yes, words: fold(yes.words) }, no: { ...no, words: fold(no.words) }, unsure: { ...unsure, words: fold(unsure.words) } };
  return { ...flow, answers, consent: { ...flow.consent, agree: fold(flow.consent.agree), decline: fold(flow.consent.decline) } };
}

function crossCheck(kb: KnowledgeFiles, flow: ChecklistFlow): Problem[] {
  const problems: Problem[] = [];
  const ids = new Set(kb.entries.map((e) => e.id));
  for (const id of requiredTopics) if (!ids.has(id)) problems.push({ file: 'knowledge/faq/', entry: id, message: 'required topic is missing' });
  for (const e of kb.entries) {
    e.related.forEach((r, i) => {
      if (!ids.has(r)) problems.push({ file: `knowledge/faq/${e.id}.yaml`, entry: e.id, field: `related.${i}`, message: `unknown topic "${r}"` });
      if (r === e.id) problems.push({ file: `knowledge/faq/${e.id}.yaml`, entry: e.id, field: `related.${i}`, message: 'a topic cannot be related to itself' });
    });
  }
  kb.faqList.forEach((id, i) => {
    if (!ids.has(id)) problems.push({ file: 'knowledge/menu.yaml', field: `faq_list.${i}`, message: `unknown topic "${id}"` });
  });
  const qids = new Set<string>();
  flow.questions.forEach((q, i) => {
    const file = `flows/${flow.id}.yaml`;
    if (!ids.has(q.topic)) problems.push({ file, entry: q.id, field: `questions.${i}.topic`, message: `unknown topic "${q.topic}"` });
    if (qids.has(q.id)) problems.push({ file, entry: q.id, field: `questions.${i}.id`, message: 'duplicate id' });
    qids.add(q.id);
  });
  const owner = new Map<string, string>();
  for (const [canonical, variants] of Object.entries(kb.synonyms.synonyms)) {
    for (const v of variants) {
      const prev = owner.get(v);
      if (prev && prev !== canonical) problems.push({ file: 'knowledge/synonyms.yaml', entry: canonical, message: `variant "${v}" also belongs to "${prev}"` });
      owner.set(v, canonical);
    }
  }
  return problems;
}
