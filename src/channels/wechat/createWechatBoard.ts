import type { Wechaty } from 'wechaty';
import type { DeskBoard } from '../../core/ports.js';
import type { Reply } from '../../core/reply.js';

/**
 * The consultants' WeChat room as a desk board. WeChat has no buttons, so cards carry the typed
 * commands ("接 12", "#12 答复", "结束 12"). The room is found by id ("…@chatroom") or by topic.
 */
export function createWechatBoard(o: { wechaty: Wechaty; room: string; send: (conversationId: string, replies: readonly Reply[]) => Promise<void> }): DeskBoard {
  let roomId: string | undefined;
  const resolve = async () => (roomId ??= o.room.endsWith('@chatroom') ? o.room : (await o.wechaty.Room.find({ topic: o.room }))?.id);
  return {
    platform: 'wechat',
    async post(text) {
      const id = await resolve();
      if (!id) throw new Error('consultant room not found');
      await o.send(id, [{ text: text.replace(/\/take (\d+)/g, '接 $1').replace(/\/close (\d+)/g, '结束 $1').replace('回复本消息或发送', '发送') }]);
    },
  };
}
