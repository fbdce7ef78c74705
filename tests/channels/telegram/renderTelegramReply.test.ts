import { describe, expect, it } from 'vitest';
import { decodeCallbackData, encodeCallbackData } from '../../../src/channels/telegram/telegramCallbackData.js';
import { escapeHtml, renderTelegramReply, splitText } from '../../../src/channels/telegram/renderTelegramReply.js';
import { telegramToInbound } from '../../../src/channels/telegram/telegramToInbound.js';

describe('telegram rendering', () => {
  it('escapes HTML so user-visible text is never parsed as markup', () => {
    expect(escapeHtml('<b>1 & 2</b>')).toBe('&lt;b&gt;1 &amp; 2&lt;/b&gt;');
  });

  it('splits at paragraphs and never exceeds the limit, even for one huge line', () => {
    const parts = splitText(`${'a'.repeat(3000)}\n\n${'b'.repeat(3000)}\n\n${'c'.repeat(9000)}`);
    expect(parts.every((p) => p.length <= 4096)).toBe(true);
    expect(parts[0]).toBe('a'.repeat(3000));
    expect(parts.join('').replace(/\n/g, '').length).toBe(15_000);
  });

  it('puts choices as one button per row on the last part, with the turn in the data', () => {
    const [m] = renderTelegramReply({ text: 'q', turn: 7, choices: [{ id: 'ans:yes', label: '是' }, { id: 'ans:no', label: '否' }] });
    expect(m!.extra.reply_markup?.inline_keyboard).toEqual([[{ text: '是', callback_data: '7|ans:yes' }], [{ text: '否', callback_data: '7|ans:no' }]]);
  });
});

describe('callback data', () => {
  it('round-trips', () => {
    expect(decodeCallbackData(encodeCallbackData(12, 'faq:infusion-principle'))).toEqual({ turn: 12, id: 'faq:infusion-principle' });
  });
  it.each(['', 'x', '1|', '|ans:yes', '1|ANS', `1|${'a'.repeat(70)}`, '1|ans yes', 42, null])('rejects %s', (d) => {
    expect(decodeCallbackData(d)).toBeNull();
  });
});

describe('telegram updates as neutral messages', () => {
  const chat = { id: 5, type: 'private' as const, first_name: 'Z' };
  const from = { id: 5, is_bot: false, first_name: 'Z', language_code: 'en-US' };
  it('reads commands, including /cmd@botname', () => {
    const t = telegramToInbound({ update_id: 1, message: { message_id: 1, date: 0, chat, from, text: '/check@ZkBot' } } as never);
    expect(t).toMatchObject({ kind: 'handle', inbound: { kind: 'command', name: 'check', langHint: 'en' } });
  });
  it('turns forged button data into a stale choice, not an error', () => {
    const t = telegramToInbound({ update_id: 1, callback_query: { id: 'q', from, chat_instance: 'c', data: 'DROP TABLE', message: { message_id: 1, date: 0, chat } } } as never);
    expect(t).toMatchObject({ kind: 'handle', inbound: { kind: 'choice', id: '', turn: -1 }, callbackId: 'q' });
  });
  it('ignores groups and other bots', () => {
    expect(telegramToInbound({ update_id: 1, message: { message_id: 1, date: 0, chat: { id: -1, type: 'group', title: 'g' }, from, text: 'hi' } } as never)).toMatchObject({ kind: 'ignore', reason: 'not-private' });
    expect(telegramToInbound({ update_id: 1, message: { message_id: 1, date: 0, chat, from: { ...from, is_bot: true }, text: 'hi' } } as never)).toMatchObject({ kind: 'ignore' });
  });
  it('marks photos, voice and locations as non-text', () => {
    for (const [field, what] of [['photo', 'image'], ['voice', 'voice'], ['location', 'location']] as const) {
      expect(telegramToInbound({ update_id: 1, message: { message_id: 1, date: 0, chat, from, [field]: {} } } as never)).toMatchObject({ inbound: { kind: 'nontext', what } });
    }
  });
});
