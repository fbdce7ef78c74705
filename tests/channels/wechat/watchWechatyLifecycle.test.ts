import { EventEmitter } from 'node:events';
import { ScanStatus, type Wechaty } from 'wechaty';
import { describe, expect, it } from 'vitest';
import { watchWechatyLifecycle } from '../../../src/channels/wechat/watchWechatyLifecycle.js';
import { captureLogs } from '../../support/runtime.js';

/** Just the event surface of a Wechaty that the lifecycle watcher listens to. */
function fakeWechaty() {
  const emitter = new EventEmitter();
  let dings = 0;
  const wechaty = Object.assign(emitter, { ding: () => void dings++ }) as unknown as Wechaty;
  return { wechaty, emit: (e: string, ...args: unknown[]) => emitter.emit(e, ...args), dings: () => dings, listeners: () => emitter.eventNames().length };
}

function watch() {
  const f = fakeWechaty();
  const { logger, lines } = captureLogs();
  const printed: string[] = [];
  let t = 0;
  const w = watchWechatyLifecycle(f.wechaty, { logger, qrOutput: { write: (s) => printed.push(s) }, heartbeatTimeoutMs: 60_000, now: () => t });
  return { ...f, w, lines, printed, advance: (ms: number) => void (t += ms) };
}

const contactNamed = (name: string) => ({ id: 'wxid_operator', name: () => name });

describe('WeChat login and liveness', () => {
  it('draws the QR code on scan, with its URL, and logs the scan without the code', () => {
    const { emit, printed, lines, w } = watch();
    emit('scan', 'https://login.weixin.qq.com/l/abc123', ScanStatus.Waiting);
    expect(printed.join('')).toMatch(/▄|█/);
    expect(printed.join('')).toMatch(/https:\/\/wechaty\.js\.org\/qrcode\/https%3A%2F%2Flogin\.weixin\.qq\.com%2Fl%2Fabc123/);
    expect(lines.join('\n')).toMatch(/"event":"scan","status":"Waiting"/);
    emit('scan', '', ScanStatus.Scanned);
    expect(printed.length).toBe(1);
    w.stop();
  });

  it('logs login and logout without names or ids; logout at error level with a code to alert on', () => {
    const { emit, lines, w } = watch();
    emit('login', contactNamed('王医生'));
    emit('logout', contactNamed('王医生'), 'kicked');
    const all = lines.join('\n');
    expect(all).toMatch(/"level":30.*"event":"login"/);
    expect(all).toMatch(/"level":50.*"code":"CSB_WX_LOGGED_OUT"/);
    expect(all).not.toMatch(/王医生|wxid_operator/);
    w.stop();
  });

  it('logs a puppet error by its name only', () => {
    const { emit, lines, w } = watch();
    emit('error', new TypeError('contact 张三 wxid_abc not found'));
    expect(lines.join('\n')).toMatch(/"code":"CSB_WX_PUPPET_ERROR","err":"TypeError"/);
    expect(lines.join('\n')).not.toMatch(/张三|wxid_abc/);
    w.stop();
  });

  it('raises CSB_WX_HEARTBEAT_MISSING once when a logged-in puppet goes silent, and notes the recovery', () => {
    const { emit, lines, w, advance } = watch();
    emit('login', contactNamed('x'));
    advance(30_000);
    emit('heartbeat', 'beat');
    advance(59_000);
    w.check();
    expect(lines.join('\n')).not.toMatch(/HEARTBEAT_MISSING/);
    advance(2_000);
    w.check();
    w.check();
    expect(lines.filter((l) => l.includes('CSB_WX_HEARTBEAT_MISSING') && l.includes('"level":50')).length).toBe(1);
    emit('dong', 'liveness');
    expect(lines.join('\n')).toMatch(/heartbeat-recovered/);
    w.stop();
  });

  it('does not report silence before login or after logout (the logout already alerted)', () => {
    const { emit, lines, w, advance } = watch();
    advance(600_000);
    w.check();
    emit('login', contactNamed('x'));
    emit('logout', contactNamed('x'));
    advance(600_000);
    w.check();
    expect(lines.join('\n')).not.toMatch(/HEARTBEAT_MISSING/);
    w.stop();
  });

  it('removes its listeners on stop', () => {
    const { w, listeners } = watch();
    expect(listeners()).toBeGreaterThan(0);
    w.stop();
    expect(listeners()).toBe(0);
  });
});
