import type { Inbound, UserRef } from '../../core/inbound.js';
import type { Logger, TicketStore } from '../../core/ports.js';
import type { Reply } from '../../core/reply.js';
import type { Bot } from '../../runtime/createBot.js';
import { composeKfTurn } from './composeKfTurn.js';
import type { KfClient } from './createKfClient.js';
import type { KfConversation, KfConversations } from './createKfConversations.js';
import type { KfSender } from './createKfSender.js';
import type { KfMessage, KfParty } from './readKfMessage.js';

export interface KfHandlerDeps {
  readonly bot: Pick<Bot, 'handle'>;
  readonly tickets: TicketStore;
  readonly client: KfClient;
  readonly sender: KfSender;
  readonly conversations: KfConversations;
  readonly logger: Logger;
  /** A servicer userid for direct handoff (state 3); otherwise the servicer pool (state 2). */
  readonly servicer?: string;
  readonly now?: () => number;
}

/** The user id the engine and tickets see: one conversation per kf account and customer. */
export const kfUserId = (kfid: string, customer: string) => `${kfid}|${customer}`;
export const parseKfUserId = (userId: string) => {
  const i = userId.indexOf('|');
  return i > 0 ? { kfid: userId.slice(0, i), customer: userId.slice(i + 1) } : null;
};

/** The bot may send only in these states: 0 new, 1 held by the bot (智能助手). */
export const botHolds = (state: number | null) => state === 0 || state === 1;
/** The error's name when a reply is refused because a WeCom servicer holds the session. */
export const SERVICER_HOLDS = 'ServicerHoldsSession';
const log = { channel: 'wecom' };

/**
 * What the channel does with each kf message of one customer, in order: the customer's messages
 * go to the engine and its replies out within WeCom's limits while the bot holds the session;
 * a handoff moves the session to a human and the bot falls silent; the end of a human session
 * brings the rating question, sent with that event's msg_code.
 */
export function createKfHandler(d: KfHandlerDeps) {
  const now = d.now ?? Date.now;
  const ref = (p: KfParty): UserRef => ({ channel: 'wecom', userId: kfUserId(p.kfid, p.customer) });

  async function currentState(p: KfParty, known: number | null): Promise<number> {
    if (known !== null) return known;
    const r = await d.client.call<{ service_state: number }>('kf/service_state/get', { open_kfid: p.kfid, external_userid: p.customer });
    return r.ok ? r.value.service_state : 0;
  }

  async function sendTurn(p: KfParty, replies: readonly Reply[]): Promise<void> {
    const budget = await d.sender.remaining(p.kfid, p.customer);
    await d.sender.send(p.kfid, p.customer, composeKfTurn(replies, budget));
  }

  /** The engine's event, with its reply (if any) sent once with the event's code. */
  async function onEvent(p: KfParty, inbound: Inbound, code: string | null): Promise<void> {
    const result = await d.bot.handle(ref(p), inbound);
    const [message] = composeKfTurn(result.replies, 1);
    if (code && message) await d.sender.sendOnEvent(code, message);
  }

  /** After the patient was told, the session goes to a human: the named servicer, else the pool. */
  async function transfer(p: KfParty, conv: KfConversation): Promise<KfConversation> {
    const userId = kfUserId(p.kfid, p.customer);
    const ticket = (await d.tickets.listOpen()).find((t) => t.channel === 'wecom' && t.userId === userId);
    if (!ticket || ticket.number === conv.ticket) return conv;
    const trans = (state: 2 | 3) =>
      d.client.call<{ msg_code?: string }>('kf/service_state/trans', { open_kfid: p.kfid, external_userid: p.customer, service_state: state, ...(state === 3 ? { servicer_userid: d.servicer } : {}) });
    let state: 2 | 3 = d.servicer ? 3 : 2;
    let r = await trans(state);
    if (!r.ok && state === 3) {
      d.logger.warn({ ...log, code: 'CSB_WECOM_TRANS', errcode: r.errcode, to: 3 }, 'servicer not available; handing to the pool');
      state = 2;
      r = await trans(state);
    }
    if (!r.ok) {
      d.logger.error({ ...log, code: 'CSB_WECOM_TRANS', errcode: r.errcode, to: state, ticket: ticket.number }, 'could not hand the session to a human; the bot keeps it');
      return conv;
    }
    d.logger.info({ ...log, event: 'handoff', to: state === 3 ? 'servicer' : 'pool', ticket: ticket.number }, 'session handed to a human');
    if (state === 3 && d.servicer) {
      await d.tickets.take(ticket.number, d.servicer, now());
      await onEvent(p, { kind: 'desk', event: 'taken' }, r.value.msg_code ?? null);
    }
    return { ...conv, state, ticket: ticket.number };
  }

  async function customer(m: Extract<KfMessage, { kind: 'customer' }>): Promise<void> {
    const conv = await d.conversations.get(m.kfid, m.customer);
    await d.sender.openWindow(m.kfid, m.customer);
    const seen = await currentState(m, conv.state);
    // WeCom reopens an ended session as "new" when the customer writes.
    const state = seen === 4 ? 0 : seen;
    if (!botHolds(state)) {
      // A human holds the chat: the bot says nothing. The engine still sees the message when the
      // bot handed off, so the ticket's transcript is complete and the session stays alive for the rating.
      if (conv.ticket !== null) await d.bot.handle(ref(m), m.inbound, { deliveryKey: `wecom:${m.msgid}` });
      await d.conversations.save(m.kfid, m.customer, { ...conv, state });
      return;
    }
    // Keyed by the msgid: a message re-fetched after a crash (or by a second process) acts once, and
    // its replies stay owed in Redis until they are sent.
    const result = await d.bot.handle(ref(m), m.inbound, { deliveryKey: `wecom:${m.msgid}` });
    if (result.route?.route === 'duplicate') return;
    await sendTurn(m, result.replies);
    result.sent?.();
    const after = result.route?.route === 'handoff' ? await transfer(m, { ...conv, state }) : { ...conv, state };
    await d.conversations.save(m.kfid, m.customer, after);
  }

  async function session(m: Extract<KfMessage, { kind: 'session' }>): Promise<void> {
    const conv = await d.conversations.get(m.kfid, m.customer);
    if (m.change === 3) {
      // The servicer ended it: close the ticket, and the engine asks for the rating.
      if (conv.ticket !== null) {
        await d.tickets.close(conv.ticket, now());
        await onEvent(m, { kind: 'desk', event: 'closed' }, m.msgCode);
      }
      await d.conversations.save(m.kfid, m.customer, { ...conv, state: 4, ticket: null });
      return;
    }
    if (m.change === 1 && conv.ticket !== null) {
      await d.tickets.take(conv.ticket, m.servicer ?? 'wecom', now());
      await onEvent(m, { kind: 'desk', event: 'taken' }, m.msgCode);
    }
    await d.conversations.save(m.kfid, m.customer, { ...conv, state: 3 });
  }

  async function enter(m: Extract<KfMessage, { kind: 'enter' }>): Promise<void> {
    const conv = await d.conversations.get(m.kfid, m.customer);
    d.logger.info({ ...log, event: 'enter_session', scene: m.scene || null, sceneParam: m.sceneParam || null, welcome: m.welcomeCode !== null }, 'customer opened the chat');
    await d.conversations.save(m.kfid, m.customer, { ...conv, scene: m.scene || conv.scene, sceneParam: m.sceneParam || conv.sceneParam });
    if (m.welcomeCode) await onEvent(m, { kind: 'command', name: 'start' }, m.welcomeCode);
  }

  return {
    /** Handles one message; the caller runs a customer's messages one at a time, in order. */
    async handle(m: KfMessage): Promise<void> {
      switch (m.kind) {
        case 'customer':
          return customer(m);
        case 'session':
          return session(m);
        case 'enter':
          return enter(m);
        case 'sendFailed':
          d.logger.warn({ ...log, code: 'CSB_WECOM_SEND_FAILED', failType: m.failType }, 'WeCom reports a message was not delivered');
          return;
        case 'servicer':
        case 'ignore':
          return; // a servicer's own words are never answered
      }
    },

    /** A consultant's message from another desk (Telegram, WeChat room): only while the bot holds the session. */
    async deliver(userId: string, replies: readonly Reply[]): Promise<void> {
      const id = parseKfUserId(userId);
      if (!id) throw new Error('not a WeCom user id');
      const conv = await d.conversations.get(id.kfid, id.customer);
      if (!botHolds(conv.state)) throw Object.assign(new Error('a WeCom servicer holds this session'), { name: SERVICER_HOLDS });
      const party = { ...id, msgid: '' };
      await sendTurn(party, replies);
    },
  };
}

export type KfHandler = ReturnType<typeof createKfHandler>;
