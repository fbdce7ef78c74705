import { splitText } from '../splitText.js';

/**
 * A conservative size for one WeChat text message. The client accepts far more, but long
 * bubbles are cut or folded on some devices and count against risk control, so we stay small.
 */
export const WECHAT_TEXT_LIMIT = 1500;

/** WeChat's cut of the shared splitter: paragraphs, then lines, then graphemes, none over `limit`. */
export function splitWechatText(text: string, limit = WECHAT_TEXT_LIMIT): string[] {
  return splitText(text, { chars: limit });
}
