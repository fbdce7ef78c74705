import { describe, expect, it } from 'vitest';
import { readPhone } from '../../src/core/callbackActions.js';
import { choiceIds, conversation, said, shippedBundle } from '../support/bundle.js';

const hours = { timezone: 'Asia/Shanghai', days: [1, 2, 3, 4, 5], open: '09:00', close: '18:00' };
const withHours = () => {
  const base = shippedBundle();
  return { ...base, content: { ...base.content, clinic: { ...base.content.clinic, hours } } };
};
const choice = (id: string, turn: number) => ({ kind: 'choice' as const, id, turn });

describe('call-back request (留电)', () => {
  it('with no desk claims no transfer and offers a call back instead', () => {
    const c = conversation();
    const out = c.send('转人工');
    expect(said(out)).toMatch(/暂时没有人工顾问在线,无法为您转接/);
    expect(said(out)).not.toMatch(/已为您转接|排在第|通知顾问/);
    expect(choiceIds(out)[0]).toBe('callback:nodesk');
    expect(out.effects).toEqual([]);
  });

  it('asks a separate consent that says what is kept and for how long, then number and time, and stores it', () => {
    const c = conversation(undefined, undefined, { deskAvailable: false });
    c.send('转人工');
    const consent = c.send('1');
    expect(said(consent)).toMatch(/保存您留下的电话号码和方便接听的时间.*30 天后自动删除.*删除我的数据/s);
    expect(consent.effects).toEqual([]);
    expect(said(c.send('同意'))).toMatch(/请输入您的电话号码/);
    expect(said(c.send('12ab'))).toMatch(/不是一个电话号码/);
    expect(said(c.send('138 0013-8000'))).toMatch(/什么时间方便接听/);
    const done = c.send('工作日下午');
    expect(done.effects).toEqual([{ type: 'requestCallback', phone: '13800138000', when: '工作日下午', lang: 'zh', reason: 'nodesk' }]);
    // Hours unknown: no word about when.
    expect(said(done)).toMatch(/已记录您的回电请求。顾问看到后会按您方便的时间回电/);
    expect(said(done)).not.toMatch(/\d\d:\d\d/);
    // Neither the number nor the time reaches the lines a case card is built from.
    expect(JSON.stringify(c.session?.recent)).not.toMatch(/13800138000|138 0013|工作日下午/);
    expect(c.session?.state).toEqual({ name: 'idle' });
  });

  it('keeps nothing when the patient declines or gives up', () => {
    const c = conversation();
    const offer = c.send('转人工');
    c.send(choice('callback:nodesk', offer.replies.at(-1)!.turn!));
    const no = c.send('不用了');
    expect(said(no)).toMatch(/没有保存任何电话信息/);
    expect(no.effects).toEqual([]);
    const again = conversation();
    again.send('转人工');
    again.send('1');
    again.send('同意');
    expect(again.send('算了').effects).toEqual([]);
    expect(again.session?.state).toEqual({ name: 'idle' });
  });

  it('outside the hours says so, offers a call back, and says when someone will call', () => {
    // conversation() runs at 2023-11-14 22:13 UTC: Wednesday 06:13 in Shanghai.
    const c = conversation(withHours(), undefined, { deskAvailable: true });
    const out = c.send('转人工');
    expect(said(out)).toMatch(/现在不在顾问服务时间/);
    expect(out.effects).toEqual([]);
    const offer = out.replies.at(-1)!;
    c.send(choice('callback:offduty', offer.turn!));
    c.send('同意');
    const time = c.send('13800138000');
    const done = c.send(choice('callbackTime:labelAfternoon', time.replies.at(-1)!.turn!));
    expect(done.effects[0]).toMatchObject({ type: 'requestCallback', when: '下午', reason: 'offduty' });
    expect(said(done)).toContain("周一、周二、周三、周四、周五 09:00–18:00");
    expect(said(done)).toContain("最早 今天 09:00");
  });

  it('tells a waiting patient honestly when the queue times out, and a call back replaces the request', () => {
    const c = conversation(undefined, undefined, { deskAvailable: true });
    c.send('转人工');
    const timeout = c.send({ kind: 'desk', event: 'timeout' });
    expect(said(timeout)).toMatch(/您已等待 \d+ 分钟,顾问暂时都没能接入/);
    expect(choiceIds(timeout)).toEqual(['callback:timeout', 'wait', 'withdraw']);
    // A typed number picks it even while waiting (WeChat has no buttons).
    const picked = c.send('1');
    expect(picked.effects).toEqual([{ type: 'closeTicket', by: 'patient' }]);
    expect(said(picked)).toMatch(/同意保存吗/);
    expect(c.session?.handoff).toBeNull();
  });

  it('keeps waiting on request, and a taken ticket never gets a timeout message', () => {
    const c = conversation(undefined, undefined, { deskAvailable: true });
    c.send('转人工');
    const t = c.send({ kind: 'desk', event: 'timeout' });
    expect(said(c.send(choice('wait', t.replies.at(-1)!.turn!)))).toMatch(/继续为您排队/);
    c.send({ kind: 'desk', event: 'taken' });
    expect(c.send({ kind: 'desk', event: 'timeout' }).replies).toEqual([]);
  });

  it('reads phone numbers, not other digits', () => {
    expect(readPhone('+86 138 0013 8000')).toBe('+8613800138000');
    expect(readPhone('(010) 6552-1234')).toBe('01065521234');
    expect(readPhone('12')).toBeNull();
    expect(readPhone('我的电话')).toBeNull();
  });
});
