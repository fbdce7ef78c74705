/** A msgmenu click id carries the turn of the reply that offered it, so an old menu is recognised as stale. */
export function encodeMenuId(turn: number, choiceId: string): string {
  return `${turn}|${choiceId}`;
}

/** WeCom allows 1–64 bytes; ids are ASCII, so characters are bytes. */
export const MENU_ID_MAX = 64;

/** The turn and choice of a clicked item; null for anything we did not send. */
export function decodeMenuId(menuId: unknown): { readonly turn: number; readonly id: string } | null {
  if (typeof menuId !== 'string' || menuId.length > MENU_ID_MAX) return null;
  const m = /^(\d{1,9})\|([A-Za-z0-9:_.-]{1,54})$/.exec(menuId);
  return m ? { turn: Number(m[1]), id: m[2]! } : null;
}
