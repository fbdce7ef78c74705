import type { Inbound, NonTextKind } from '../../core/inbound.js';
import { decodeMenuId } from './kfMenuId.js';

/** Who a kf message is about: the customer service account and the WeChat customer. */
export interface KfParty {
  readonly msgid: string;
  readonly kfid: string;
  readonly customer: string;
}

/** One entry of kf/sync_msg's msg_list, as the channel acts on it. */
export type KfMessage =
  /** origin 3: the customer wrote, sent something, or clicked a menu item. */
  | (KfParty & { readonly kind: 'customer'; readonly inbound: Inbound })
  | (KfParty & { readonly kind: 'enter'; readonly welcomeCode: string | null; readonly scene: string; readonly sceneParam: string })
  /** 1 taken from the pool, 2 transferred, 3 ended, 4 an ended session reopened by a servicer. */
  | (KfParty & { readonly kind: 'session'; readonly change: number; readonly msgCode: string | null; readonly servicer: string | null })
  /** origin 5: a servicer wrote from the WeCom client; never answered. */
  | (KfParty & { readonly kind: 'servicer' })
  | (KfParty & { readonly kind: 'sendFailed'; readonly failType: number })
  | { readonly kind: 'ignore'; readonly msgid: string; readonly reason: string };

const nonText: Readonly<Record<string, NonTextKind>> = {
  image: 'image', voice: 'voice', video: 'video', file: 'file', location: 'location', link: 'link', miniprogram: 'link', business_card: 'other', channels_shop_product: 'link', channels_shop_order: 'other', merged_msg: 'other', channels: 'link', note: 'other', emotion: 'sticker',
};

const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const obj = (v: unknown): Record<string, unknown> => (typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : {});

/** Reads one raw sync_msg entry; anything unexpected is `ignore`, never an error. */
export function readKfMessage(raw: unknown): KfMessage {
  const m = obj(raw);
  const msgid = str(m.msgid);
  const msgtype = str(m.msgtype);
  if (!msgid) return { kind: 'ignore', msgid, reason: 'no-msgid' };
  if (msgtype === 'event') {
    const e = obj(m.event);
    const party = { msgid, kfid: str(e.open_kfid), customer: str(e.external_userid) };
    if (!party.kfid || !party.customer) return { kind: 'ignore', msgid, reason: 'event-without-customer' };
    switch (str(e.event_type)) {
      case 'enter_session':
        return { ...party, kind: 'enter', welcomeCode: str(e.welcome_code) || null, scene: str(e.scene), sceneParam: str(e.scene_param) };
      case 'session_status_change':
        return { ...party, kind: 'session', change: Number(e.change_type) || 0, msgCode: str(e.msg_code) || null, servicer: str(e.new_servicer_userid) || null };
      case 'msg_send_fail':
        return { ...party, kind: 'sendFailed', failType: Number(e.fail_type) || 0 };
      default:
        return { kind: 'ignore', msgid, reason: `event:${str(e.event_type)}` };
    }
  }
  const party = { msgid, kfid: str(m.open_kfid), customer: str(m.external_userid) };
  if (!party.kfid || !party.customer) return { kind: 'ignore', msgid, reason: 'no-customer' };
  const origin = Number(m.origin);
  if (origin === 5) return { ...party, kind: 'servicer' };
  if (origin !== 3) return { kind: 'ignore', msgid, reason: `origin:${origin}` };
  if (msgtype === 'text') {
    const t = obj(m.text);
    const choice = decodeMenuId(t.menu_id);
    if (choice) return { ...party, kind: 'customer', inbound: { kind: 'choice', id: choice.id, turn: choice.turn } };
    return { ...party, kind: 'customer', inbound: { kind: 'text', text: str(t.content) } };
  }
  return { ...party, kind: 'customer', inbound: { kind: 'nontext', what: nonText[msgtype] ?? 'other' } };
}
