/**
 * Makes a missed question safe to keep for operators: e-mail addresses, phone numbers and any
 * run of three or more digits (ids, dates of birth, card numbers) are replaced, and the text
 * is cut to a reviewable length.
 */
export function scrubPersonalData(text: string, maxChars = 200): string {
  return text
    .slice(0, maxChars * 2)
    .replace(/[\p{L}\p{N}._%+-]+@[\p{L}\p{N}.-]+\.[\p{L}]{2,}/gu, '[email]')
    .replace(/\+?\d[\d\s-]{6,}\d/g, '[number]')
    .replace(/\d{3,}/g, '[number]')
    .replace(/[\p{Cc}\p{Cf}]/gu, ' ')
    .trim()
    .slice(0, maxChars);
}
