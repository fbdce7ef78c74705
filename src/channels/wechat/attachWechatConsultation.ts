import { types, type Friendship, type Message, type Room, type Wechaty } from 'wechaty';
import type { Content } from '../../core/content.js';
import type { Inbound } from '../../core/inbound.js';
import type { DeliveryLog, Logger } from '../../core/ports.js';
import type { Reply } from '../../core/reply.js';
import type { Bot } from '../../runtime/createBot.js';
import { createKeyedQueue } from '../../runtime/createKeyedQueue.js';
import { createWechatOutbox, wechatPacing, type WechatOutboxDeps } from './createWechatOutbox.js';
import { renderWechatReply } from './renderWechatReply.js';
import { wechatMessageToInbound } from './wechatMessageToInbound.js';

/** A text in the consultants' room, handed to the handoff desk. */
export interface WechatRoomMessage {
  readonly roomId: string;
  readonly roomTopic: string;
  readonly senderId: string;
  readonly senderName: string;
  readonly text: string;
  readonly mentionsSelf: boolean;
  /** The message's id: what the desk applies once to the patient's conversation. */
  readonly deliveryKey?: string;
}

export interface WechatConsultationOptions {
  /** Only `handle` is used, so a wrapped or fake engine works too. */
  readonly bot: Pick<Bot, 'handle'> & Partial<Pick<Bot, 'connect'>>;
  readonly content: Content;
  readonly delivery: DeliveryLog;
  readonly logger: Logger;
  readonly autoAcceptFriends: boolean;
  readonly sendGapMs: number;
  /** The consultants' group chat, by room id or topic; every other room is ignored. */
  readonly consultantRoom?: string;
  readonly onRoomMessage?: (m: WechatRoomMessage) => Promise<void>;
  /** Clock and randomness for the paced outbox; tests replace them. */
  readonly pacingDeps?: Pick<WechatOutboxDeps, 'now' | 'sleep' | 'random'>;
}

/** A message is acted on once; puppets can emit the same one again after a reconnect. */
const DEDUPE_TTL_MS = 86_400_000;
const log = { channel: 'wechat' } as const;

/**
 * The consultation on a Wechaty instance: private chats with people go to the engine and the
 * replies come back as paced text with numbered choices; the consultants' room goes to
 * `onRoomMessage`. One contact's messages are handled in order, each message once, and no
 * message's failure stops the others. Returns a handle to detach and to send proactively.
 */
export function attachWechatConsultation(wechaty: Wechaty, o: WechatConsultationOptions) {
  const outbox = createWechatOutbox({
    send: (contactId, text) => wechaty.puppet.messageSendText(contactId, text),
    logger: o.logger,
    pacing: wechatPacing(o.sendGapMs),
    ...o.pacingDeps,
  });
  const queues = createKeyedQueue();
  let inFlight = 0;

  const render = (replies: readonly Reply[]) => replies.flatMap((r) => renderWechatReply(r));

  /** Runs `task` in the key's queue; the returned promise never rejects. */
  function serially(key: string, task: () => Promise<void>): Promise<void> {
    inFlight++;
    return queues
      .run(key, task)
      .catch((e: unknown) => o.logger.error({ ...log, code: 'CSB_WX_UNEXPECTED', err: e instanceof Error ? e.name : typeof e }, 'message task failed'))
      .finally(() => void inFlight--);
  }

  async function converse(deliveryKey: string, contactId: string, inbound: Inbound, displayName?: string): Promise<void> {
    try {
      // The name only reaches a consultant's case card, masked; it is never logged. The message is
      // marked applied in the same step as its session write, so a re-emitted one acts once.
      const result = await o.bot.handle({ channel: 'wechat', userId: contactId, ...(displayName ? { displayName } : {}) }, inbound, { deliveryKey });
      // Queued in order inside the contact's turn, sent after it: the account is paced to one message
      // every few seconds, and waiting here would hold the contact's next message (a red flag, say)
      // until every earlier reply was out. An urgent reply goes before everything still queued.
      void outbox.enqueue(contactId, render(result.replies), { urgent: result.urgent ?? false }).then(() => result.sent?.());
    } catch (e) {
      o.logger.error({ ...log, code: 'CSB_WX_MESSAGE_FAILED', err: e instanceof Error ? e.name : typeof e }, 'message failed');
      void outbox.enqueue(contactId, [o.content.messages.storeDown.zh]);
    }
  }

  async function toDesk(msg: Message, room: Room): Promise<void> {
    if (!o.onRoomMessage || !o.consultantRoom || msg.type() !== types.Message.Text) return;
    const topic = await room.topic();
    if (room.id !== o.consultantRoom && topic !== o.consultantRoom) return;
    // Marked once done, so a message re-emitted after a crash mid-command is run again; what
    // reaches the patient is keyed by the message in their conversation, so it reaches them once.
    const key = `wx:${msg.id}`;
    if (await o.delivery.applied(key).catch(() => false)) return;
    const talker = msg.talker();
    await o.onRoomMessage({ roomId: room.id, roomTopic: topic, senderId: talker.id, senderName: talker.name(), text: msg.text(), mentionsSelf: await msg.mentionSelf(), deliveryKey: `wxdesk:${msg.id}` });
    await o.delivery.markApplied(key, DEDUPE_TTL_MS).catch(() => undefined);
  }

  // Synchronous up to the queue, so two messages of one contact are queued in arrival order.
  const onMessage = (msg: Message): void => {
    try {
      if (msg.self()) return;
      const room = msg.room();
      if (room) {
        if (o.onRoomMessage && o.consultantRoom) void serially(`room:${room.id}`, () => toDesk(msg, room));
        return;
      }
      const talker = msg.talker();
      const t = wechatMessageToInbound({ self: false, type: msg.type(), text: msg.text(), talkerId: talker.id, talkerType: talker.type(), inRoom: false });
      if (t.kind === 'ignore') return;
      void serially(talker.id, () => converse(`wx:${msg.id}`, talker.id, t.inbound, talker.name()));
    } catch (e) {
      o.logger.error({ ...log, code: 'CSB_WX_MESSAGE_UNREADABLE', err: e instanceof Error ? e.name : typeof e }, 'message could not be read');
    }
  };

  async function befriend(f: Friendship): Promise<void> {
    if (!o.autoAcceptFriends || f.type() !== types.Friendship.Receive) return;
    const contact = f.contact();
    await serially(contact.id, async () => {
      try {
        await f.accept();
        o.logger.info({ ...log, event: 'friend-accepted' }, 'friend request accepted');
      } catch (e) {
        o.logger.error({ ...log, code: 'CSB_WX_FRIEND_ACCEPT', err: e instanceof Error ? e.name : typeof e }, 'friend request could not be accepted');
        return;
      }
      // The engine's welcome: greeting, disclaimer and menu, as /start gives on Telegram.
      await converse(`wx:friend:${f.id}`, contact.id, { kind: 'command', name: 'start' });
    });
  }
  const onFriendship = (f: Friendship): void => void befriend(f).catch(() => undefined);

  wechaty.on('message', onMessage);
  wechaty.on('friendship', onFriendship);
  // Replies owed by a turn that finished late, or by a process that died, reach the contact here.
  o.bot.connect?.('wechat', (userId, replies, urgent) => outbox.enqueue(userId, render(replies), { urgent }));

  return {
    /** Sends replies to a contact proactively (the handoff desk), through the same paced queue. */
    deliver(userId: string, replies: readonly Reply[], opts: { readonly urgent?: boolean } = {}): Promise<void> {
      return outbox.enqueue(userId, render(replies), opts);
    },
    detach(): void {
      wechaty.off('message', onMessage);
      wechaty.off('friendship', onFriendship);
    },
    get busy(): boolean {
      return inFlight > 0 || outbox.pending > 0;
    },
  };
}

export type WechatConsultation = ReturnType<typeof attachWechatConsultation>;
