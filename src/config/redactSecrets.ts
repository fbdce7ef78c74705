/** Variables whose values must never reach a log line or the terminal. */
const SECRET_NAMES = /TOKEN|SECRET|PASSWORD|AES_KEY/;

/**
 * Replaces every secret from the environment in `text` with `***`, and a Bot API token or a
 * URL's password wherever they appear: errors from libraries quote request URLs, and the
 * Telegram URL carries the token.
 */
export function redactSecrets(text: string, env: Record<string, string | undefined>): string {
  let out = text;
  const secrets = Object.entries(env)
    .filter(([k, v]) => SECRET_NAMES.test(k) && v && v.length >= 6)
    .map(([, v]) => v as string)
    .sort((a, b) => b.length - a.length);
  for (const s of secrets) out = out.split(s).join('***');
  return out.replace(/\/bot\d+:[A-Za-z0-9_\-[\]]+/g, '/bot***').replace(/(\w+:\/\/[^:/\s@]*:)[^@\s/]+@/g, '$1***@');
}
