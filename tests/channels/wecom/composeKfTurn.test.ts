import { describe, expect, it } from 'vitest';
import { composeKfTurn, renderKfReply, type KfOutMessage } from '../../../src/channels/wecom/composeKfTurn.js';
import { decodeMenuId } from '../../../src/channels/wecom/kfMenuId.js';
import { readKfMessage } from '../../../src/channels/wecom/readKfMessage.js';

const bytes = (s: string) => Buffer.byteLength(s, 'utf8');
const size = (m: KfOutMessage) => (m.msgtype === 'text' ? bytes(m.text.content) : bytes(m.msgmenu.head_content));
const long = (n: number) => Array.from({ length: n }, (_, i) => `第${i}段` + '干细胞'.repeat(200)).join('\n\n');

describe('kf rendering', () => {
  it('renders choices as a click menu whose ids carry the turn', () => {
    const [m] = renderKfReply({ text: '请选择', turn: 4, choices: [{ id: 'faqs', label: '常见问题' }, { id: 'human:asked', label: '人工顾问' }] });
    expect(m).toEqual({ msgtype: 'msgmenu', msgmenu: { head_content: '请选择', list: [{ type: 'click', click: { id: '4|faqs', content: '常见问题' } }, { type: 'click', click: { id: '4|human:asked', content: '人工顾问' } }] } });
    expect(decodeMenuId('4|human:asked')).toEqual({ turn: 4, id: 'human:asked' });
  });

  it('keeps every text within 2048 bytes and a menu head within 1024', () => {
    const out = renderKfReply({ text: long(6), choices: [{ id: 'menu', label: '菜单' }] });
    for (const m of out) expect(size(m)).toBeLessThanOrEqual(m.msgtype === 'text' ? 2048 : 1024);
    expect(out.at(-1)?.msgtype).toBe('msgmenu');
  });

  it('writes more than ten choices as numbered lines, since a menu holds ten', () => {
    const choices = Array.from({ length: 12 }, (_, i) => ({ id: `faq:${i}`, label: `问题${i}` }));
    const out = renderKfReply({ text: '常见问题', choices });
    expect(out.every((m) => m.msgtype === 'text')).toBe(true);
    expect(out.map((m) => (m.msgtype === 'text' ? m.text.content : '')).join('')).toContain('12. 问题11');
  });
});

describe('composing a turn within the 5-message budget', () => {
  it('sends replies as they are when they fit', () => {
    expect(composeKfTurn([{ text: 'a' }, { text: 'b' }], 5)).toHaveLength(2);
  });

  it('merges replies into fewer messages when there are more than the budget', () => {
    const out = composeKfTurn(Array.from({ length: 7 }, (_, i) => ({ text: `回复${i}` })), 5);
    expect(out).toEqual([{ msgtype: 'text', text: { content: ['回复0', '回复1', '回复2', '回复3', '回复4', '回复5', '回复6'].join('\n\n') } }]);
  });

  it('never exceeds the budget, keeps the menu last and marks the cut', () => {
    const out = composeKfTurn([{ text: long(40), choices: [{ id: 'menu', label: '菜单' }] }], 5);
    expect(out).toHaveLength(5);
    expect(out.at(-1)?.msgtype).toBe('msgmenu');
    const fourth = out[3]!;
    expect(fourth.msgtype === 'text' && fourth.text.content.endsWith('…')).toBe(true);
    expect(composeKfTurn([{ text: long(40) }], 2)).toHaveLength(2);
    expect(composeKfTurn([{ text: 'x' }], 0)).toEqual([]);
  });

  it('puts a whole turn in one menu message when only one may be sent', () => {
    const out = composeKfTurn([{ text: long(3) }, { text: '请选择', choices: [{ id: 'check', label: '自测' }] }], 1);
    expect(out).toHaveLength(1);
    expect(out[0]!.msgtype).toBe('msgmenu');
    expect(size(out[0]!)).toBeLessThanOrEqual(1024);
  });
});

describe('reading sync_msg entries', () => {
  const base = { msgid: 'm1', open_kfid: 'wk1', external_userid: 'wm1', send_time: 1, origin: 3 };
  it('reads a menu click as the choice it names, and typed text as text', () => {
    expect(readKfMessage({ ...base, msgtype: 'text', text: { content: '人工顾问', menu_id: '4|human:asked' } })).toMatchObject({ kind: 'customer', inbound: { kind: 'choice', id: 'human:asked', turn: 4 } });
    expect(readKfMessage({ ...base, msgtype: 'text', text: { content: '你好' } })).toMatchObject({ kind: 'customer', inbound: { kind: 'text', text: '你好' } });
    expect(readKfMessage({ ...base, msgtype: 'image', image: { media_id: 'x' } })).toMatchObject({ inbound: { kind: 'nontext', what: 'image' } });
  });
  it('tells servicer messages, welcome events and session changes apart', () => {
    expect(readKfMessage({ ...base, origin: 5, msgtype: 'text', text: { content: '您好' } })).toMatchObject({ kind: 'servicer' });
    expect(readKfMessage({ msgid: 'e1', origin: 4, msgtype: 'event', event: { event_type: 'enter_session', open_kfid: 'wk1', external_userid: 'wm1', scene: 'ad', scene_param: 'poster-1', welcome_code: 'W' } })).toMatchObject({ kind: 'enter', welcomeCode: 'W', scene: 'ad', sceneParam: 'poster-1' });
    expect(readKfMessage({ msgid: 'e2', origin: 4, msgtype: 'event', event: { event_type: 'session_status_change', open_kfid: 'wk1', external_userid: 'wm1', change_type: 3, msg_code: 'C' } })).toMatchObject({ kind: 'session', change: 3, msgCode: 'C' });
    expect(readKfMessage({ msgtype: 'text' })).toMatchObject({ kind: 'ignore' });
  });
});
