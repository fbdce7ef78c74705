import type { Reader } from './reader.js';

/** Folding keeps only the start of a message for matching; red flags must be found anywhere in it. */
const WINDOW = 240;
/** Windows overlap by more than the longest red flag, so one spanning a boundary is still seen. */
const STEP = 180;

/** Whether the message describes an emergency, wherever in the message it says so. */
export function hasRedFlag(reader: Reader, text: string, folded: string = reader.fold(text)): boolean {
  if (reader.emergency(folded)) return true;
  for (let i = STEP; i < text.length; i += STEP) if (reader.emergency(reader.fold(text.slice(i, i + WINDOW)))) return true;
  return false;
}
