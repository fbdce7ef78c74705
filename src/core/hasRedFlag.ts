import type { Reader, RedFlag } from './reader.js';

/** Whether the message describes an emergency happening now, wherever in the message it says so. */
export function hasRedFlag(reader: Reader, text: string): RedFlag | null {
  return reader.redFlag(text);
}
