/**
 * A bot process for the cross-process tests: it builds the runtime exactly as src/main.ts does
 * (buildRuntime from loadConfig(process.env)) and serves the engine over stdio. Each stdin line
 * is {"id","user","text"} (with "key": a platform delivery id, acted on once); each stdout line is
 * {"id","route","reply"} once handled, or {"resumed","user","reply"} for a reply this process sends
 * for a turn another (killed) process left owed. Logs go to stderr.
 * Run with `node --import tsx tests/support/botProcess.ts`.
 */
import { createInterface } from 'node:readline';
import { loadConfig } from '../../src/config/loadConfig.js';
import { formatProblem } from '../../src/core/result.js';
import { loadContent } from '../../src/loadContent.js';
import { createLogger } from '../../src/log/createLogger.js';
import { buildRuntime } from '../../src/runtime/buildRuntime.js';
import { projectRoot } from './bundle.js';
import { attachQuietDesk } from './runtime.js';

const config = loadConfig(process.env);
const loaded = loadContent(projectRoot);
if (!loaded.ok) {
  process.stderr.write(loaded.error.map(formatProblem).join('\n'));
  process.exit(1);
}
const logger = createLogger(config.LOG_LEVEL ?? 'warn');
const runtime = await buildRuntime(config, loaded.value, logger);
// As if a consultant chat were configured: without one the engine opens no tickets, and the fault tests count them.
attachQuietDesk(runtime.bot, runtime.tickets, loaded.value.content);
const out = (o: unknown) => process.stdout.write(`${JSON.stringify(o)}\n`);
// Replies owed by a killed process's turns, finished by this one's sweep.
runtime.bot.connect('test', async (userId, replies) => void out({ resumed: true, user: userId, reply: replies[0]?.text.slice(0, 40) ?? null }));

let pending = 0;
let closing = false;
const lines = createInterface({ input: process.stdin });
lines.on('line', (line) => {
  const m = JSON.parse(line) as { id: number; user: string; text: string; key?: string };
  pending++;
  void runtime.bot
    .handle({ channel: 'test', userId: m.user }, { kind: 'text', text: m.text }, m.key ? { deliveryKey: m.key } : {})
    .then((r) => {
      out({ id: m.id, route: r.route?.route ?? null, reply: r.replies[0]?.text.slice(0, 40) ?? null });
      r.sent?.();
    })
    .finally(() => {
      pending--;
      if (closing && pending === 0) void runtime.close().then(() => process.exit(0));
    });
});
lines.on('close', () => {
  closing = true;
  if (pending === 0) void runtime.close().then(() => process.exit(0));
});
out({ ready: true });
