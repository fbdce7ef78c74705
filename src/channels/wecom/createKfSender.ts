import type { Logger } from '../../core/ports.js';
import type { KfOutMessage } from './composeKfTurn.js';
import type { KfClient } from './createKfClient.js';
import type { WecomStore } from './createWecomStore.js';

/** WeCom: within 48 h of the customer's last message, at most 5 messages, counted from that message. */
export const KF_WINDOW_MS = 48 * 3_600_000;
export const KF_BUDGET = 5;

const budgetKey = (kfid: string, customer: string) => `budget:${kfid}:${customer}`;

/**
 * Sending to one customer within WeCom's limits. The budget lives in the store, so every process
 * counts the same five; a message the budget refuses is not sent (and logged), never forced.
 * Event responses (welcome_code, msg_code) are outside the budget: each code sends one message.
 */
export function createKfSender(o: { client: KfClient; store: WecomStore; logger: Logger }) {
  const log = { channel: 'wecom' };
  return {
    /** A customer message arrived: a fresh budget of 5 for the next 48 hours. */
    openWindow: (kfid: string, customer: string) => o.store.openBudget(budgetKey(kfid, customer), KF_WINDOW_MS),

    /** How many messages may still be sent (0 when the window is closed). */
    async remaining(kfid: string, customer: string): Promise<number> {
      const used = await o.store.get(budgetKey(kfid, customer));
      return used === null ? 0 : Math.max(0, KF_BUDGET - Number(used));
    },

    /** Sends in order while the budget lasts; returns how many went out. */
    async send(kfid: string, customer: string, messages: readonly KfOutMessage[]): Promise<number> {
      let sent = 0;
      for (const m of messages) {
        const verdict = await o.store.takeBudget(budgetKey(kfid, customer), KF_BUDGET);
        if (verdict !== 'ok') {
          o.logger.warn({ ...log, code: 'CSB_WECOM_BUDGET', verdict, unsent: messages.length - sent }, 'message not sent: outside WeCom limits');
          break;
        }
        const r = await o.client.call('kf/send_msg', { touser: customer, open_kfid: kfid, ...m });
        if (!r.ok) {
          o.logger.error({ ...log, code: 'CSB_WECOM_SEND', errcode: r.errcode }, 'kf/send_msg failed');
          break;
        }
        sent++;
      }
      return sent;
    },

    /** One message with a welcome_code or msg_code (valid 20 s, usable once). */
    async sendOnEvent(code: string, message: KfOutMessage): Promise<boolean> {
      const r = await o.client.call('kf/send_msg_on_event', { code, ...message });
      if (!r.ok) o.logger.error({ ...log, code: 'CSB_WECOM_SEND_ON_EVENT', errcode: r.errcode }, 'kf/send_msg_on_event failed');
      return r.ok;
    },
  };
}

export type KfSender = ReturnType<typeof createKfSender>;
