import { describe, expect, it } from 'vitest';
import type { IncomingMessage } from 'node:http';
import { buildOverview, formatOverview } from '../../src/admin/buildOverview.js';
import { cookieValue, isOperator, loginCookie, sameSecret } from '../../src/admin/checkAdminAuth.js';
import { exportUnanswered, groupUnanswered } from '../../src/admin/groupUnanswered.js';
import { renderBarChart } from '../../src/admin/renderBarChart.js';

const req = (headers: Record<string, string>) => ({ headers }) as unknown as IncomingMessage;
const TOKEN = 'admin-token-0123456789';

describe('admin auth', () => {
  it('accepts the Bearer token or the login cookie, and nothing else', () => {
    expect(isOperator(req({ authorization: `Bearer ${TOKEN}` }), TOKEN)).toBe(true);
    expect(isOperator(req({ cookie: `a=b; csb_admin=${cookieValue(TOKEN)}` }), TOKEN)).toBe(true);
    expect(isOperator(req({ authorization: 'Bearer admin-token-012345678' }), TOKEN)).toBe(false);
    expect(isOperator(req({ cookie: `csb_admin=${TOKEN}` }), TOKEN)).toBe(false);
    expect(isOperator(req({}), TOKEN)).toBe(false);
    expect(sameSecret('a', 'a')).toBe(true);
    expect(sameSecret('a', 'ab')).toBe(false);
  });

  it('sets an HttpOnly, SameSite=Strict cookie that does not contain the token', () => {
    const c = loginCookie(TOKEN, true);
    expect(c).toMatch(/HttpOnly/);
    expect(c).toMatch(/SameSite=Strict/);
    expect(c).toMatch(/Secure/);
    expect(c).not.toContain(TOKEN);
  });
});

describe('overview', () => {
  it('derives rates from the daily counters, and none when nothing happened', () => {
    const o = buildOverview(['d1', 'd2'], [{ conversations: 4, messages: 10, fallbacks: 2, handoff_conversations: 1, 'handoff:asked': 1, csat_count: 2, csat_sum: 9, 'source:telegram:ad1': 3 }, {}]);
    expect(o.autoResolutionRate).toBe(0.75);
    expect(o.handoffRate).toBe(0.25);
    expect(o.fallbackRate).toBe(0.2);
    expect(o.csatAverage).toBe(4.5);
    expect(o.sources).toEqual({ 'telegram:ad1': 3 });
    expect(formatOverview(o)).toMatch(/auto-resolution rate 75\.0%/);
    expect(buildOverview(['d'], [{}]).autoResolutionRate).toBeNull();
  });

  it('draws a chart as inline SVG with the values escaped', () => {
    const svg = renderBarChart('t', ['2030-01-01'], [{ label: '<x>', values: [3], colour: '#000' }]);
    expect(svg).toMatch(/^<svg/);
    expect(svg).not.toContain('<x>');
    expect(svg).toContain('<rect');
  });
});

describe('unanswered questions', () => {
  it('groups by nearest topic, counts texts that were not kept, and exports labelled lines', () => {
    const groups = groupUnanswered([
      { at: 1, text: 'gift card?', best: { id: 'about', score: 0.2 } },
      { at: 2, text: '', best: { id: 'about', score: 0.3 } },
      { at: 3, text: 'logo colour', best: null },
    ]);
    expect(groups).toEqual([
      { topic: 'about', count: 2, texts: ['gift card?'] },
      { topic: null, count: 1, texts: ['logo colour'] },
    ]);
    expect(exportUnanswered(groups)).toBe('{"route":"faq:about","text":"gift card?"}\n{"route":"out_of_scope","text":"logo colour"}\n');
  });
});

describe('tickets page (issue 18)', () => {
  it('lists open call-back requests with the number to call, escaped', async () => {
    const { ticketsPage } = await import('../../src/admin/renderPages.js');
    const html = ticketsPage([], [], 10 * 60_000, [{ number: 3, user: 'u', channel: 'wechat', lang: 'zh', reason: 'nodesk', phone: '13800138000', when: '<b>下午</b>', requestedAt: 0, status: 'open', doneBy: null }]);
    expect(html).toMatch(/Call-back requests/);
    expect(html).toMatch(/C3.*13800138000.*&#60;b&#62;下午/s);
    expect(html).not.toMatch(/<b>下午/);
  });
});
