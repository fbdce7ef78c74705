import type { Wechaty } from 'wechaty';
import type { DeskBoard } from '../../core/ports.js';
import type { Reply } from '../../core/reply.js';

/**
 * The consultants' WeChat room as a desk board. WeChat has no buttons, so cards carry the typed
 * commands ("接 12", "#12 答复", "结束 12"). The room is found by id ("…@chatroom") or by topic.
 */
export function createWechatBoard(o: {
  wechaty: Wechaty;
  room: string;
  send: (conversationId: string, replies: readonly Reply[], opts?: { readonly urgent?: boolean }) => Promise<void>;
}): DeskBoard {
  // One lookup shared by every post, so posts reach the outbox in the order they were made.
  let roomId: Promise<string | undefined> | undefined;
  const lookup = (): Promise<string | undefined> => {
    const found = o.room.endsWith('@chatroom') ? Promise.resolve(o.room) : o.wechaty.Room.find({ topic: o.room }).then((r) => r?.id);
    // A room not found (yet) is looked up again on the next post.
    const forget = () => void (roomId === found && (roomId = undefined));
    void found.then((id) => void (id === undefined && forget()), forget);
    return found;
  };
  const resolve = () => (roomId ??= lookup());
  return {
    platform: 'wechat',
    async post(text, opts = {}) {
      const id = await resolve();
      if (!id) throw new Error('consultant room not found');
      await o.send(id, [{ text: text.replace(/\/take (\d+)/g, '接 $1').replace(/\/close (\d+)/g, '结束 $1').replace('回复本消息或发送', '发送') }], { urgent: opts.urgent ?? false });
    },
  };
}
