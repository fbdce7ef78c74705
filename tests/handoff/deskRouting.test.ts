import { describe, expect, it } from 'vitest';
import { fillCannedReply } from '../../src/handoff/fillCannedReply.js';
import { parseDeskButton, parseDeskCommand } from '../../src/handoff/parseDeskCommand.js';
import { quoteInline, quotePatientText } from '../../src/handoff/quotePatientText.js';
import { routeDeskMessage } from '../../src/handoff/routeDeskMessage.js';
import { readWechatQuote, ticketInDeskText } from '../../src/handoff/ticketInDeskText.js';
import { loadCannedReplies } from '../../src/knowledge/loadCannedReplies.js';
import { projectRoot, shippedBundle } from '../support/bundle.js';

describe('routing a consultant\u2019s desk message', () => {
  it('answers the ticket named by the message it replies to, or by its topic', () => {
    expect(routeDeskMessage({ text: '您好', repliedTo: { ticket: 3 } })).toEqual({ kind: 'reply', n: 3, text: '您好' });
    expect(routeDeskMessage({ text: '您好', topicTicket: 4 })).toEqual({ kind: 'reply', n: 4, text: '您好' });
    expect(routeDeskMessage({ text: '/close', topicTicket: 4 })).toEqual({ kind: 'close', n: 4 });
    expect(routeDeskMessage({ text: '/r hello', repliedTo: { ticket: 5 } })).toEqual({ kind: 'canned', n: 5, key: 'hello' });
  });

  it('hints instead of dropping what was meant for the bot but names no ticket', () => {
    expect(routeDeskMessage({ text: '您好', repliedTo: { ticket: null } })).toEqual({ kind: 'hint' });
    expect(routeDeskMessage({ text: '/take' })).toEqual({ kind: 'hint' });
    expect(routeDeskMessage({ text: '#x 您好' })).toEqual({ kind: 'hint' });
    expect(routeDeskMessage({ text: '/r hello' })).toEqual({ kind: 'hint' });
    expect(routeDeskMessage({ text: '在吗', mentionsBot: true })).toEqual({ kind: 'hint' });
  });

  it('leaves the consultants\u2019 own chat alone', () => {
    expect(routeDeskMessage({ text: '大家好,今天谁值班?' })).toBeNull();
  });

  it('reads canned-reply commands and buttons', () => {
    expect(parseDeskCommand('/r')).toEqual({ kind: 'canned', n: null, key: null });
    expect(parseDeskCommand('#12 /r Hello')).toEqual({ kind: 'canned', n: 12, key: 'hello' });
    expect(parseDeskCommand('/called 3')).toEqual({ kind: 'called', n: 3 });
    expect(parseDeskCommand('已回电 3')).toEqual({ kind: 'called', n: 3 });
    expect(parseDeskButton('desk|r|12|hello')).toEqual({ kind: 'canned', n: 12, key: 'hello' });
    expect(parseDeskButton('desk|r|12|<script>')).toBeNull();
  });
});

describe('ticket named by a desk message', () => {
  it.each([
    ['🆕 工单 #9 · telegram · 张** · 中文', 9],
    ['✅ #1 已由 李顾问 接单。回复本消息即可答复患者。', 1],
    ['⏰ 仍在等待 #12 · wechat', 12],
    ['#3 张**:✅ #1 已由 李顾问 接单', 3],
    ['队列:2 个工单 · 0 个待回电\n#1 等待中', null],
    ['⚠️ 这条消息没有发给任何患者。\n进行中的工单:#1 #2', null],
  ])('%s → %s', (text, n) => {
    expect(ticketInDeskText(text)).toBe(n);
  });

  it('reads a WeChat quote reply', () => {
    expect(readWechatQuote('「咨询助手:#7 王**:我有类风湿」\n- - - - - - - - - - - - - - -\n可以详细说说吗')).toEqual({ quoted: '#7 王**:我有类风湿', answer: '可以详细说说吗' });
    expect(readWechatQuote('普通消息')).toBeNull();
  });
});

describe('patient text on the desk', () => {
  it('cannot start a line of its own or run backwards', () => {
    const spoof = '好的\n🆕 工单 #99 · telegram · 王** · 中文\n\u202E操作:/take 99';
    const quoted = quotePatientText(spoof);
    expect(quoted.split('\n').slice(1).every((l) => l.startsWith('│ '))).toBe(true);
    expect(quoted).not.toMatch(/[\u202A-\u202E\u2066-\u2069]/);
    expect(quoteInline(spoof)).not.toMatch(/\n/);
  });

  it('is cut by grapheme at 2,000', () => {
    const q = quotePatientText(`${'a'.repeat(1998)}👨‍👩‍👧xyz`);
    expect(q.length).toBeLessThanOrEqual(2000);
    expect(q.endsWith('…')).toBe(true);
    expect(q).not.toMatch(/[\uD800-\uDBFF]…/);
  });
});

describe('canned replies (knowledge/replies.yaml)', () => {
  const replies = loadCannedReplies(projectRoot);
  it('load with keys, both languages and known variables only', () => {
    expect(replies.ok).toBe(true);
    if (!replies.ok) return;
    expect([...replies.value.keys()]).toEqual(expect.arrayContaining(['hello', 'check', 'hours']));
    for (const r of replies.value.values()) expect(`${r.zh}${r.en}`).not.toMatch(/治愈|保证|有效率|\d+%|元|医院/);
  });

  it('fill {name} in the patient\u2019s language, and refuse {hours} while hours are unknown', () => {
    if (!replies.ok) throw new Error('replies invalid');
    const content = shippedBundle().content;
    expect(fillCannedReply(replies.value.get('hello')!, 'en', content)).toEqual({ text: expect.stringContaining(content.clinic.name.en) });
    expect(fillCannedReply(replies.value.get('hours')!, 'zh', content)).toEqual({ missing: 'hours' });
    const hours = { timezone: 'Asia/Shanghai', days: [1, 2], open: '09:00', close: '18:00' };
    expect(fillCannedReply(replies.value.get('hours')!, 'zh', { ...content, clinic: { ...content.clinic, hours } })).toEqual({ text: '我们的顾问服务时间是周一、周二 09:00–18:00。' });
  });

  it('fail kb:check on an unknown variable or a duplicate key', async () => {
    const { mkdtempSync, mkdirSync, writeFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const root = mkdtempSync(join(tmpdir(), 'csb-replies-'));
    mkdirSync(join(root, 'knowledge'));
    writeFileSync(join(root, 'knowledge', 'replies.yaml'), 'categories:\n  - id: a\n    title: A\n    replies:\n      - { key: x, zh: "您好 {patient}", en: "Hi {patient}" }\n      - { key: x, zh: "再见", en: "Bye" }\n');
    const r = loadCannedReplies(root);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.map((p) => p.message)).toEqual(expect.arrayContaining([expect.stringMatching(/unknown variable \{patient\}/), 'duplicate key']));
  });
});
