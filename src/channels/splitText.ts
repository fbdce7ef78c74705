import { graphemes } from '../core/cutText.js';

/** How big one message may be: in UTF-16 units (what Telegram and WeChat clients count), in UTF-8 bytes (what WeCom counts), or both. */
export interface TextLimit {
  readonly chars?: number;
  readonly bytes?: number;
}


/** Whether `s` fits the limit. */
export function fitsLimit(s: string, limit: TextLimit): boolean {
  if (limit.chars !== undefined && s.length > limit.chars) return false;
  // Byte length is at most 3 × UTF-16 length, so short strings skip the encoding.
  if (limit.bytes !== undefined && s.length * 3 > limit.bytes && Buffer.byteLength(s, 'utf8') > limit.bytes) return false;
  return true;
}

/**
 * Cuts a line that fits no message into pieces that do, between graphemes: a cut inside an emoji
 * or a combining sequence would send a lone surrogate, which is not valid UTF-8.
 */
function hardCut(line: string, limit: TextLimit): string[] {
  const pieces: string[] = [];
  let current = '';
  for (const segment of graphemes(line)) {
    if (current && !fitsLimit(current + segment, limit)) {
      pieces.push(current);
      current = '';
    }
    current += segment;
  }
  if (current) pieces.push(current);
  return pieces;
}

/**
 * The one splitter every channel uses: at paragraph boundaries, packing as many whole paragraphs
 * as fit; a paragraph too long for one message is cut at lines, and a line too long at graphemes.
 * Joining the pieces with "\n\n" gives the text back when no paragraph had to be cut.
 */
export function splitText(text: string, limit: TextLimit): string[] {
  if (fitsLimit(text, limit)) return [text];
  const pieces: string[] = [];
  let current = '';
  const add = (unit: string, sep: string) => {
    if (current && !fitsLimit(current + sep + unit, limit)) {
      pieces.push(current);
      current = unit;
    } else current = current ? current + sep + unit : unit;
  };
  for (const para of text.split(/\n{2,}/)) {
    if (fitsLimit(para, limit)) {
      add(para, '\n\n');
      continue;
    }
    const lines = para.split('\n').flatMap((line) => (fitsLimit(line, limit) ? [line] : hardCut(line, limit)));
    lines.forEach((line, i) => add(line, i === 0 ? '\n\n' : '\n'));
  }
  if (current) pieces.push(current);
  return pieces;
}

/** The longest prefix of `text` that fits, cut between graphemes, with `mark` appended when something was cut. */
export function truncateText(text: string, limit: TextLimit, mark = '…'): string {
  if (fitsLimit(text, limit)) return text;
  let out = '';
  for (const segment of graphemes(text)) {
    if (!fitsLimit(out + segment + mark, limit)) break;
    out += segment;
  }
  return out + mark;
}
