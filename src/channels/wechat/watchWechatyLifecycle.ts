import qrcodeTerminal from 'qrcode-terminal';
import { qrcodeValueToImageUrl, ScanStatus, type Wechaty } from 'wechaty';
import type { Logger } from '../../core/ports.js';
import { createLivenessMonitor } from './createLivenessMonitor.js';

export interface LifecycleOptions {
  readonly logger: Logger;
  /** Where the QR code is drawn; the operator's terminal (stderr) by default. */
  readonly qrOutput?: { write(s: string): unknown };
  /** Silence from the puppet longer than this raises CSB_WX_HEARTBEAT_MISSING. */
  readonly heartbeatTimeoutMs?: number;
  readonly now?: () => number;
}

export const DEFAULT_HEARTBEAT_TIMEOUT_MS = 5 * 60_000;
const log = { channel: 'wechat' } as const;
const errName = (e: unknown) => (e instanceof Error ? e.name : typeof e);
/** A system or gRPC code (ECONNREFUSED, UNAVAILABLE…), or the cause's: never the message, which may quote a contact. */
const causeOf = (e: unknown): string | undefined => {
  const x = e as { code?: unknown; cause?: unknown } | null;
  if (x && (typeof x.code === 'string' || typeof x.code === 'number')) return String(x.code);
  return x?.cause ? causeOf(x.cause) : undefined;
};

/**
 * Login and liveness for operators: the QR code on `scan`, and `login`, `logout` and `error`
 * as log lines without personal data (no names, no ids). A logout, or no heartbeat, dong or
 * message for `heartbeatTimeoutMs` while logged in, is an error-level line with a stable code
 * to alert on. The puppet is pinged (ding) between checks, so a quiet account is not mistaken
 * for a dead one.
 */
export function watchWechatyLifecycle(wechaty: Wechaty, o: LifecycleOptions) {
  const now = o.now ?? Date.now;
  const staleMs = o.heartbeatTimeoutMs ?? DEFAULT_HEARTBEAT_TIMEOUT_MS;
  const out = o.qrOutput ?? process.stderr;
  let loggedIn = false;
  const liveness = createLivenessMonitor({
    staleMs,
    now,
    onStale: (silentMs) => o.logger.error({ ...log, code: 'CSB_WX_HEARTBEAT_MISSING', silentMs }, 'no heartbeat from the wechat puppet: the bot may be offline'),
    onRecovered: (silentMs) => o.logger.info({ ...log, event: 'heartbeat-recovered', silentMs }, 'wechat puppet is alive again'),
  });

  const onScan = (qrcode: string, status: ScanStatus) => {
    liveness.feed();
    o.logger.info({ ...log, event: 'scan', status: ScanStatus[status] }, 'wechat login QR code');
    if ((status !== ScanStatus.Waiting && status !== ScanStatus.Timeout) || !qrcode) return;
    qrcodeTerminal.generate(qrcode, { small: true }, (art) => out.write(`${art}\nScan with WeChat to log in: ${qrcodeValueToImageUrl(qrcode)}\n`));
  };
  const onLogin = () => {
    loggedIn = true;
    liveness.reset();
    o.logger.info({ ...log, event: 'login' }, 'wechat logged in');
  };
  const onLogout = () => {
    loggedIn = false;
    o.logger.error({ ...log, code: 'CSB_WX_LOGGED_OUT' }, 'wechat logged out: the bot is offline until the QR code is scanned again');
  };
  // Without network a puppet emits the same error many times a second: log the first, then at
  // most one line per doubling interval (up to 5 min) with how many were held back.
  let quietUntil = 0;
  let quietMs = 0;
  let held = 0;
  const onError = (e: unknown) => {
    const t = now();
    if (t < quietUntil) return void held++;
    quietMs = t - quietUntil > 10 * 60_000 ? 1000 : Math.min(5 * 60_000, Math.max(1000, quietMs * 2));
    quietUntil = t + quietMs;
    o.logger.error({ ...log, code: 'CSB_WX_PUPPET_ERROR', err: errName(e), cause: causeOf(e), repeated: held, nextLogInMs: quietMs }, 'wechat puppet error');
    held = 0;
  };
  const onAlive = () => liveness.feed();

  wechaty.on('scan', onScan);
  wechaty.on('login', onLogin);
  wechaty.on('logout', onLogout);
  wechaty.on('error', onError);
  for (const e of ['heartbeat', 'dong', 'ready', 'message'] as const) wechaty.on(e, onAlive);

  const timer = setInterval(() => {
    if (!loggedIn) return;
    liveness.check();
    try {
      wechaty.ding('liveness');
    } catch (e) {
      o.logger.warn({ ...log, code: 'CSB_WX_DING', err: errName(e) }, 'could not ping the wechat puppet');
    }
  }, Math.max(1000, Math.min(60_000, Math.floor(staleMs / 3))));
  timer.unref();

  return {
    /** For tests and the channel: runs one liveness check now. */
    check: () => loggedIn && liveness.check(),
    stop(): void {
      clearInterval(timer);
      wechaty.off('scan', onScan);
      wechaty.off('login', onLogin);
      wechaty.off('logout', onLogout);
      wechaty.off('error', onError);
      for (const e of ['heartbeat', 'dong', 'ready', 'message'] as const) wechaty.off(e, onAlive);
    },
  };
}
