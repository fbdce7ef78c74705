/**
 * The ticket a desk message of the bot's names: "#12" on its first line (cards, taken and closed
 * notices, reminders, relayed lines). Read from the text when the message's link is not known,
 * such as a WeChat quote. The bot's lists and hints never name a ticket on their first line.
 */
export function ticketInDeskText(text: string | undefined): number | null {
  const first = (text ?? '').split('\n', 1)[0] ?? '';
  const m = /#(\d{1,9})(?![\d])/.exec(first);
  return m ? Number(m[1]) : null;
}

/**
 * A WeChat quote reply ("「李顾问:#12 张**:…」\n- - - - - - - - - - - - - - -\n答复"): the
 * quoted text and the answer. Null: not a quote.
 */
export function readWechatQuote(text: string): { quoted: string; answer: string } | null {
  const m = /^「([\s\S]*?)」\n-(?: -)+\n([\s\S]*)$/.exec(text);
  if (!m) return null;
  const quoted = m[1]!.replace(/^[^:::\n]{1,40}[::]/, '');
  return { quoted, answer: m[2]!.trim() };
}
