import { EventEmitter } from 'node:events';
import type { Wechaty } from 'wechaty';
import { describe, expect, it } from 'vitest';
import { watchWechatyLifecycle } from '../../../src/channels/wechat/watchWechatyLifecycle.js';
import { captureLogs } from '../../support/runtime.js';

describe('WeChat puppet errors', () => {
  it('logs the first error with its cause, then backs off and says how many were held back', () => {
    const emitter = new EventEmitter();
    const wechaty = Object.assign(emitter, { ding: () => undefined }) as unknown as Wechaty;
    const { logger, lines } = captureLogs();
    let t = 0;
    const w = watchWechatyLifecycle(wechaty, { logger, qrOutput: { write: () => undefined }, now: () => t });
    const offline = Object.assign(new Error('connect ECONNREFUSED 1.2.3.4:443 for 张三'), { code: 'ECONNREFUSED' });
    // 151 identical errors in 51 s, as seen with no network.
    for (let i = 0; i < 151; i++) {
      emitter.emit('error', offline);
      t += 340;
    }
    const errors = lines.filter((l) => l.includes('CSB_WX_PUPPET_ERROR'));
    expect(errors.length).toBeLessThan(10);
    expect(errors[0]).toMatch(/"cause":"ECONNREFUSED"/);
    expect(errors.at(-1)).toMatch(/"repeated":[1-9]/);
    expect(lines.join('\n')).not.toMatch(/张三|1\.2\.3\.4/);
    w.stop();
  });
});
