/** Where text is cut: a transcript line, a relayed message, one Telegram message. */
export const TEXT_LIMITS = { line: 200, relay: 2000, telegram: 4096 } as const;

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** The user-perceived characters of `text`: a cut between two of them never splits an emoji. */
export function* graphemes(text: string): Generator<string> {
  for (const { segment } of segmenter.segment(text)) yield segment;
}

/**
 * The longest prefix of `text` no longer than `max` UTF-16 units (what Telegram and WeChat
 * count), cut between graphemes, with `mark` appended when something was cut. Pure; the one
 * cut every caller uses, in core and in the channels.
 */
export function cutText(text: string, max: number, mark = ''): string {
  if (text.length <= max) return text;
  let out = '';
  for (const g of graphemes(text)) {
    if (out.length + g.length + mark.length > max) break;
    out += g;
  }
  return out + mark;
}
