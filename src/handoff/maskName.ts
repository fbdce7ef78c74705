/** "张三丰" → "张**", "Alice" → "A****": enough for a consultant to address the patient, no more. */
export function maskName(name: string | undefined): string {
  const chars = [...(name ?? '').trim()];
  if (chars.length === 0) return '匿名';
  return chars[0] + '*'.repeat(Math.max(1, Math.min(chars.length - 1, 4)));
}
