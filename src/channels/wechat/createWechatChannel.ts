import { log as wechatyLog, WechatyBuilder, type PuppetModuleName, type WechatyOptions } from 'wechaty';
import type { Reply } from '../../core/reply.js';
import { attachWechatConsultation, type WechatConsultationOptions } from './attachWechatConsultation.js';
import { watchWechatyLifecycle, type LifecycleOptions } from './watchWechatyLifecycle.js';

type PuppetInstance = Exclude<NonNullable<WechatyOptions['puppet']>, string>;
type WechatyLogLevel = 'silent' | 'error' | 'warn' | 'info' | 'verbose' | 'silly';

export interface WechatOptions extends WechatConsultationOptions, Omit<LifecycleOptions, 'logger'> {
  /** Names the memory card that keeps the login between restarts (WECHATY_NAME). */
  readonly name: string;
  /**
   * A puppet module name. Unset: wechaty reads WECHATY_PUPPET itself and falls back to
   * wechaty-puppet-wechat4u; the service puppet reads its WECHATY_PUPPET_SERVICE_* variables.
   */
  readonly puppet?: string;
  /** A puppet object, for tests (PuppetMock) or embedding; wins over `puppet`. */
  readonly puppetInstance?: unknown;
  /**
   * wechaty's own log, which prints names, ids and message text at info and below; silent
   * unless asked for while debugging.
   */
  readonly wechatyLogLevel?: WechatyLogLevel;
}

const isPuppet = (p: unknown): p is PuppetInstance =>
  typeof p === 'object' && p !== null && typeof (p as { start?: unknown }).start === 'function' && typeof (p as { messageSendText?: unknown }).messageSendText === 'function';

function puppetOption(o: WechatOptions): Pick<WechatyOptions, 'puppet'> {
  if (o.puppetInstance !== undefined) {
    if (!isPuppet(o.puppetInstance)) throw new Error('puppetInstance is not a wechaty puppet');
    return { puppet: o.puppetInstance };
  }
  // wechaty types the name as its list of official puppets, but loads any installed module by name.
  return o.puppet ? { puppet: o.puppet as PuppetModuleName } : {};
}

/**
 * The WeChat channel: a Wechaty bot on the configured puppet, running the consultation for
 * private chats, with login and liveness reported to the operator's log.
 */
export function createWechatChannel(o: WechatOptions) {
  wechatyLog.level(o.wechatyLogLevel ?? 'silent');
  const wechaty = WechatyBuilder.build({ name: o.name, ...puppetOption(o) });
  const consultation = attachWechatConsultation(wechaty, o);
  let lifecycle: ReturnType<typeof watchWechatyLifecycle> | undefined;

  return {
    wechaty,
    async start(): Promise<void> {
      lifecycle ??= watchWechatyLifecycle(wechaty, o);
      // Resolves once the puppet runs; the login itself follows the QR scan, reported by `scan`/`login`.
      await wechaty.start();
      o.logger.info({ channel: 'wechat', event: 'started' }, 'wechat channel started');
    },
    /** Stops taking messages, lets the ones in progress finish and their replies go out, then stops the puppet. */
    async stop(): Promise<void> {
      consultation.detach();
      for (let i = 0; i < 300 && consultation.busy; i++) await new Promise((r) => setTimeout(r, 100));
      lifecycle?.stop();
      lifecycle = undefined;
      await wechaty.stop();
    },
    /** Sends replies outside a reply to the user's own message (the desk); `urgent` goes before the queue. */
    deliver(userId: string, replies: readonly Reply[], opts: { readonly urgent?: boolean } = {}): Promise<void> {
      return consultation.deliver(userId, replies, opts);
    },
  };
}

export type WechatChannel = ReturnType<typeof createWechatChannel>;
