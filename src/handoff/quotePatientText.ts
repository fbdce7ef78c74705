import { cutText, TEXT_LIMITS } from '../core/cutText.js';

/** Bidi embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069): they can make text read backwards. */
const BIDI = /[\u202A-\u202E\u2066-\u2069]/g;

export const stripBidi = (text: string): string => text.replace(BIDI, '');

/** The mark every quoted line starts with: the bot's own desk lines never do. */
export const QUOTE = '│ ';

/**
 * A patient's words as the desk shows them after a header ("#12 张**:"): bidi controls removed,
 * cut by grapheme, and every line after the first quoted, so nothing a patient writes can start
 * a line of its own and pass for a case card or a notice of the bot's.
 */
export function quotePatientText(text: string, max: number = TEXT_LIMITS.relay): string {
  return cutText(stripBidi(text), max, '…')
    .split(/\r\n|\r|\n|\u2028|\u2029/)
    .map((line, i) => (i === 0 ? line : QUOTE + line))
    .join('\n');
}

/** A patient's words inside a card line ("  患者:…"): newlines folded, so it stays that one line. */
export const quoteInline = (text: string, max: number = TEXT_LIMITS.line): string =>
  cutText(stripBidi(text).replace(/\s*(\r\n|\r|\n|\u2028|\u2029)\s*/g, ' ⏎ '), max, '…');
