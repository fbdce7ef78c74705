/**
 * A conservative size for one WeChat text message. The client accepts far more, but long
 * bubbles are cut or folded on some devices and count against risk control, so we stay small.
 */
export const WECHAT_TEXT_LIMIT = 1500;

/** Splits at paragraph boundaries, then at lines, then hard, so no piece exceeds `limit`. */
export function splitWechatText(text: string, limit = WECHAT_TEXT_LIMIT): string[] {
  if (text.length <= limit) return [text];
  const pieces: string[] = [];
  let current = '';
  const add = (unit: string, sep: string) => {
    if (current && current.length + sep.length + unit.length > limit) {
      pieces.push(current);
      current = unit;
    } else current = current ? current + sep + unit : unit;
  };
  for (const para of text.split(/\n{2,}/)) {
    if (para.length <= limit) {
      add(para, '\n\n');
      continue;
    }
    const lines = para.split('\n').flatMap((line) => (line.length <= limit ? [line] : (line.match(new RegExp(`[\\s\\S]{1,${limit}}`, 'g')) ?? [])));
    lines.forEach((line, i) => add(line, i === 0 ? '\n\n' : '\n'));
  }
  if (current) pieces.push(current);
  return pieces;
}
