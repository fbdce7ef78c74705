import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { renderTelegramReply, TELEGRAM_TEXT_LIMIT } from '../../src/channels/telegram/renderTelegramReply.js';
import { renderWechatReply } from '../../src/channels/wechat/renderWechatReply.js';
import { WECHAT_TEXT_LIMIT } from '../../src/channels/wechat/splitWechatText.js';
import type { CommandName, Inbound, NonTextKind } from '../../src/core/inbound.js';
import { newSession, type Session } from '../../src/core/session.js';
import { transition, type Outcome } from '../../src/core/transition.js';
import { decodeSession, encodeSession, sessionSchema } from '../../src/session/sessionCodec.js';
import { projectRoot, shippedBundle } from '../support/bundle.js';

/**
 * Random conversations through the pure engine. `PROPERTY_RUNS` sets the number of runs (the
 * normal test line uses 500, `npm run test:soak` 10,000); a failure prints fast-check's seed and
 * path, and `PROPERTY_SEED=… PROPERTY_PATH=…` replays exactly that case.
 */
const RUNS = Number(process.env.PROPERTY_RUNS ?? 500);
const SEED = process.env.PROPERTY_SEED ? Number(process.env.PROPERTY_SEED) : undefined;
const PATH = process.env.PROPERTY_PATH;

const bundle = shippedBundle();
const { content, reader } = bundle;
const flow = content.flow;

const devRoutes = readFileSync(resolve(projectRoot, 'tests/fixtures/eval/dev-routes.jsonl'), 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((l) => (JSON.parse(l) as { text: string }).text);
const faqExamples = [...content.faq.values()].flatMap((e) => [...e.examples.zh, ...e.examples.en]);
const commandWords = ['菜单', '人工', '转人工', '结束人工', '删除我的数据', 'delete my data', '重新开始', '返回', '上一题', '退出', 'English', '中文', '是', '否', '不确定', '是的', '没有', '同意', '不同意', '啥意思', '0', '1', '2', '3', '4', '5', '9', '99', '/start', 'menu', 'human', 'yes', 'no'];
const emergencies = ['我胸口剧痛喘不上气', '打完干细胞后一直高烧抽搐怎么办', '我不想活了', 'I have crushing chest pain and can\'t breathe', '孩子抽搐口吐白沫'];
const realTexts = [...new Set([...devRoutes, ...faqExamples])];
const emoji = ['😀', '🙏', '❤️', '👍🏽', '🇨🇳', '👨‍👩‍👧', '💉', '🧬', '\u200d', '\ufe0f'];
const eligibility = /您(已)?(完全)?(符合|适合|可以接受|可以做|能做)|符合(治疗|入组)?条件|(审核|评估|筛查)(已)?通过|已获批|已批准|\byou(?:'re| are)? (?:now )?(?:eligible|approved|qualified|suitable|a (?:good |suitable )?candidate)\b|\byou qualify\b|\bapproved for\b/i;
const commands: readonly CommandName[] = ['start', 'menu', 'check', 'human', 'reset', 'delete', 'help', 'end'];
const nonTexts: readonly NonTextKind[] = ['image', 'voice', 'video', 'sticker', 'file', 'location', 'link', 'other'];

/** A step of a random conversation; choices are resolved against the session at the time they are sent. */
type Step =
  | { t: 'inbound'; inbound: Inbound }
  | { t: 'valid'; n: number }
  | { t: 'stale'; back: number; n: number }
  | { t: 'forged'; id: string };

const lang = fc.option(fc.constantFrom('zh' as const, 'en' as const), { nil: undefined });
const withHint = (i: Inbound, hint: 'zh' | 'en' | undefined): Inbound => (hint ? { ...i, langHint: hint } : i);
const textArb: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...realTexts) },
  { weight: 4, arbitrary: fc.constantFrom(...commandWords) },
  { weight: 2, arbitrary: fc.constantFrom(...emergencies) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 80 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.array(fc.constantFrom(...emoji), { maxLength: 12 }).map((xs) => xs.join('')) },
  { weight: 1, arbitrary: fc.oneof(fc.integer(), fc.double({ noNaN: false })).map(String) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...realTexts, ...emergencies, '啊', 'a '), fc.integer({ min: 9_000, max: 10_000 })).map(([t, n]) => (t.repeat(Math.ceil(n / t.length)) + t).slice(0, 10_000)) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...realTexts), fc.constantFrom(...emergencies)).map(([a, b]) => `${a} ${b}`) },
);
const stepArb: fc.Arbitrary<Step> = fc.oneof(
  { weight: 10, arbitrary: fc.tuple(textArb, lang).map(([text, h]): Step => ({ t: 'inbound', inbound: withHint({ kind: 'text', text }, h) })) },
  { weight: 4, arbitrary: fc.nat(40).map((n): Step => ({ t: 'valid', n })) },
  { weight: 1, arbitrary: fc.tuple(fc.integer({ min: 1, max: 5 }), fc.nat(10)).map(([back, n]): Step => ({ t: 'stale', back, n })) },
  { weight: 1, arbitrary: fc.oneof(fc.string({ maxLength: 70 }), fc.constantFrom('ans:maybe', 'rate:9', 'rate:0', 'faq:nope', 'human:evil', 'consent:yes', 'ans:yes', 'check', 'menu', 'x:y:z')).map((id): Step => ({ t: 'forged', id })) },
  { weight: 2, arbitrary: fc.tuple(fc.constantFrom(...commands), lang).map(([name, h]): Step => ({ t: 'inbound', inbound: withHint({ kind: 'command', name }, h) })) },
  { weight: 1, arbitrary: fc.constantFrom(...nonTexts).map((what): Step => ({ t: 'inbound', inbound: { kind: 'nontext', what } })) },
  { weight: 2, arbitrary: fc.tuple(fc.constantFrom('taken' as const, 'reply' as const, 'closed' as const), fc.oneof(fc.string({ maxLength: 50 }), fc.constant('x'.repeat(10_000)))).map(([event, text]): Step => ({ t: 'inbound', inbound: { kind: 'desk', event, text } })) },
);

function toInbound(step: Step, s: Session): Inbound {
  switch (step.t) {
    case 'inbound':
      return step.inbound;
    case 'valid':
      return s.choices.length ? { kind: 'choice', id: s.choices[step.n % s.choices.length]!, turn: s.turn } : { kind: 'choice', id: 'menu', turn: s.turn };
    case 'stale':
      return { kind: 'choice', id: s.choices[step.n % Math.max(1, s.choices.length)] ?? 'ans:yes', turn: s.turn - step.back };
    case 'forged':
      return { kind: 'choice', id: step.id, turn: s.turn };
  }
}

const emergencyTexts = [content.emergencyReply.zh, content.emergencyReply.en, content.messages.emergencyAftercare.zh, content.messages.emergencyAftercare.en];
/** The alarm (or, for a follow-up, the 120 aftercare) opens the reply; a desk line or crisis line may follow. */
const isEmergencyReply = (text: string) => emergencyTexts.some((e) => text.startsWith(e));
const textOf = (o: Outcome) => o.replies.map((r) => [r.text, ...(r.choices ?? []).map((c) => c.label)].join('\n')).join('\n');
const unescape = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
/** Far above any answer in the knowledge base; only a relayed 10k-character consultant text comes near it. */
const MAX_REPLY_CHARS = 12_000;

/**
 * "Deliberate ignore": the two cases where the engine is designed to say nothing. A consultant's
 * event on a session without a ticket (nothing to relay), and the patient's text while a consultant
 * is active, which goes to the consultant (a relayToDesk effect) instead of the bot answering.
 */
function deliberatelySilent(prev: Session, inbound: Inbound, o: Outcome): boolean {
  if (inbound.kind === 'desk') return prev.handoff === null;
  return inbound.kind === 'text' && prev.handoff?.status === 'active' && o.effects.some((e) => e.type === 'relayToDesk');
}

function checkStep(prev: Session, inbound: Inbound, o: Outcome): void {
  if (!deliberatelySilent(prev, inbound, o)) expect(o.replies.length, 'a reply').toBeGreaterThan(0);
  else expect(o.replies, 'deliberately silent').toEqual([]);
  if (o.session) {
    const parsed = sessionSchema.safeParse(o.session);
    expect(parsed.success, parsed.success ? '' : parsed.error.message).toBe(true);
    expect(decodeSession(encodeSession(o.session))).toEqual({ ok: true, value: o.session });
    const st = o.session.state;
    if (st.name === 'checklist') {
      expect(st.step).toBeGreaterThanOrEqual(0);
      expect(st.step).toBeLessThan(flow.questions.length);
      expect(st.answers.length).toBe(st.step);
    }
    expect(o.session.messages).toBe(prev.messages + 1);
  } else expect(o.effects).toContainEqual({ type: 'eraseUser' });
  // A consultant's relayed words are theirs, not the bot's: they are exempt from the wording check.
  if (!(inbound.kind === 'desk' && inbound.event === 'reply')) expect(textOf(o)).not.toMatch(eligibility);
  if (inbound.kind === 'text' && reader.redFlag(inbound.text)) {
    expect(o.route.route).toBe('emergency');
    expect(o.replies.some((r) => isEmergencyReply(r.text))).toBe(true);
    // Issue 11: the desk is alerted once per alarm (not again for a follow-up), and nobody is queued.
    if (prev.state.name !== 'afterEmergency') expect(o.effects.some((e) => e.type === 'alertDesk')).toBe(true);
    expect(o.effects.some((e) => e.type === 'openTicket')).toBe(false);
  }
  for (const r of o.replies) {
    expect(r.text.length).toBeLessThanOrEqual(MAX_REPLY_CHARS);
    for (const m of renderTelegramReply(r)) {
      expect(unescape(m.text).length).toBeLessThanOrEqual(TELEGRAM_TEXT_LIMIT);
      expect(m.text.length).toBeGreaterThan(0);
      for (const b of m.extra.reply_markup?.inline_keyboard.flat() ?? []) expect(Buffer.byteLength(b.callback_data)).toBeLessThanOrEqual(64);
    }
    for (const p of renderWechatReply(r)) expect(p.length).toBeLessThanOrEqual(WECHAT_TEXT_LIMIT);
  }
}

/** Harmless filler around a red flag: real questions, repeated up to ~4,500 characters. */
const padding = fc.tuple(fc.constantFrom('', ...faqExamples.filter((t) => !reader.redFlag(t))), fc.nat(300)).map(([t, n]) => (t ? `${t}。`.repeat(n).slice(0, 4_500) : ''));

describe('engine properties (fast-check)', () => {
  it('holds every invariant after every event of random conversations of 1–50 events', () => {
    fc.assert(
      fc.property(fc.array(stepArb, { minLength: 1, maxLength: 50 }), (steps) => {
        let session = newSession();
        let now = 1_700_000_000_000;
        for (const step of steps) {
          const inbound = toInbound(step, session);
          const out = transition(session, inbound, { now: (now += 1_000), content, reader });
          checkStep(session, inbound, out);
          session = out.session ?? newSession(); // erased: the next message starts afresh, as in the runner
        }
      }),
      { numRuns: RUNS, ...(SEED !== undefined ? { seed: SEED } : {}), ...(PATH ? { path: PATH } : {}), endOnFailure: RUNS > 1000 },
    );
  }, Math.max(30_000, RUNS * 200));

  it('answers every red flag with the emergency reply whatever state the conversation is in', () => {
    fc.assert(
      fc.property(fc.array(stepArb, { maxLength: 20 }), fc.constantFrom(...emergencies, ...devRoutes.filter((t) => reader.redFlag(t))), padding, padding, (steps, red, before, after) => {
        let session = newSession();
        for (const step of steps) session = transition(session, toInbound(step, session), { now: 1, content, reader }).session ?? newSession();
        // Anywhere in a message of up to 10,000 characters, not only where matching looks.
        const out = transition(session, { kind: 'text', text: `${before}。${red}。${after}` }, { now: 2, content, reader });
        expect(out.route.route).toBe('emergency');
        expect(out.replies.some((r) => isEmergencyReply(r.text))).toBe(true);
      }),
      { numRuns: Math.max(50, Math.round(RUNS / 3)), ...(SEED !== undefined ? { seed: SEED } : {}) },
    );
  }, Math.max(30_000, RUNS * 100));
});
