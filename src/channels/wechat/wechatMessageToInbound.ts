import { types } from 'wechaty';
import type { Inbound, NonTextKind } from '../../core/inbound.js';

/** What the channel needs to know about one WeChat message; read from wechaty, tested without it. */
export interface WechatMessageFacts {
  readonly self: boolean;
  readonly type: types.Message;
  readonly text: string;
  readonly talkerId: string;
  readonly talkerType: types.Contact;
  readonly inRoom: boolean;
}

export type WechatTranslated =
  | { readonly kind: 'handle'; readonly inbound: Inbound }
  | { readonly kind: 'ignore'; readonly reason: 'self' | 'room' | 'official' | 'system' };

/** WeChat's own service accounts write like contacts but are not patients. */
const systemContactIds: ReadonlySet<string> = new Set(['weixin', 'filehelper', 'fmessage', 'medianote', 'floatbottle', 'qmessage', 'qqmail', 'newsapp', 'tmessage', 'qqsync']);

/**
 * Message types that are not something a person said to us: puppets report WeChat's system
 * notices ("you added X", "messages are end-to-end…") as Unknown, and recalls and group notes
 * are notifications too. Answering them would talk over the patient.
 */
const notSaid: ReadonlySet<types.Message> = new Set([types.Message.Unknown, types.Message.Recalled, types.Message.GroupNote, types.Message.Post]);

const nonText: ReadonlyMap<types.Message, NonTextKind> = new Map([
  [types.Message.Image, 'image'],
  [types.Message.Audio, 'voice'],
  [types.Message.Video, 'video'],
  [types.Message.Emoticon, 'sticker'],
  [types.Message.Url, 'link'],
  [types.Message.MiniProgram, 'link'],
  [types.Message.Attachment, 'file'],
  [types.Message.Location, 'location'],
]);

/** Everything else a person can send (contact cards, chat histories, transfers, red envelopes) is "other". */
export const nonTextKindOf = (type: types.Message): NonTextKind => nonText.get(type) ?? 'other';

/**
 * A WeChat message as the engine's neutral message. Only private chats with people are handled;
 * WeChat gives no language setting, so the engine detects the language from the text.
 */
export function wechatMessageToInbound(m: WechatMessageFacts): WechatTranslated {
  if (m.self) return { kind: 'ignore', reason: 'self' };
  if (m.inRoom) return { kind: 'ignore', reason: 'room' };
  if (m.talkerType === types.Contact.Official || m.talkerId.startsWith('gh_')) return { kind: 'ignore', reason: 'official' };
  if (systemContactIds.has(m.talkerId) || notSaid.has(m.type)) return { kind: 'ignore', reason: 'system' };
  if (m.type === types.Message.Text) return { kind: 'handle', inbound: { kind: 'text', text: m.text } };
  return { kind: 'handle', inbound: { kind: 'nontext', what: nonTextKindOf(m.type) } };
}
