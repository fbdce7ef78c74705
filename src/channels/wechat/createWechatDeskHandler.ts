import type { DeskBoard } from '../../core/ports.js';
import type { Desk } from '../../handoff/createDesk.js';
import { routeDeskMessage } from '../../handoff/routeDeskMessage.js';
import { readWechatQuote, ticketInDeskText } from '../../handoff/ticketInDeskText.js';
import type { WechatRoomMessage } from './attachWechatConsultation.js';

/**
 * The consultants' WeChat room: "接 12", "#12 答复", "#12 /r hello", "结束 12", and a quote
 * ("引用") of any bot message that names a ticket answers that ticket's patient. A message
 * meant for the bot that names no ticket gets a hint; the consultants' own chat is left alone.
 */
export function createWechatDeskHandler(desk: Pick<Desk, 'act'>, board: () => DeskBoard | undefined) {
  return async (m: Pick<WechatRoomMessage, 'senderId' | 'senderName' | 'text' | 'mentionsSelf' | 'deliveryKey'>): Promise<void> => {
    const quote = readWechatQuote(m.text);
    const named = quote ? ticketInDeskText(quote.quoted) : null;
    // "@助手 #12 …": the mention is not part of the command.
    const text = (quote && named !== null ? quote.answer : m.text).replace(/^(@\S+[\s\u2005]+)+/, '');
    const route = routeDeskMessage({ text, ...(named !== null ? { repliedTo: { ticket: named } } : {}), mentionsBot: m.mentionsSelf });
    if (!route) return;
    const answer = await desk.act({ platform: 'wechat', id: m.senderId, name: m.senderName }, route, m.deliveryKey ? { deliveryKey: m.deliveryKey } : {});
    const n = answer ? ticketInDeskText(answer) : null;
    if (answer) await board()?.post(answer, n !== null ? { ticket: n } : {});
  };
}
