/** A Telegram update as the webhook receives it: a text from a user in their private chat with the bot. */
export const privateUpdate = (id: number, userId: number, text: string, name = 'Z'): string =>
  JSON.stringify({ update_id: id, message: { message_id: id, date: 0, chat: { id: userId, type: 'private', first_name: name }, from: { id: userId, is_bot: false, first_name: name }, text } });
