import { userInfo } from 'node:os';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runConsoleChat } from './channels/console/runConsoleChat.js';
import { loadConfig } from './config/loadConfig.js';
import { formatProblem } from './core/result.js';
import { loadContent } from './loadContent.js';
import { createLogger } from './log/createLogger.js';
import { buildRuntime } from './runtime/buildRuntime.js';

const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Composition root: config → content → stores → bot → channels, and a graceful stop. */
async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const interactive = Boolean(process.stdin.isTTY);
  const logger = createLogger(config.LOG_LEVEL ?? (interactive ? 'warn' : 'info'));
  const bundle = loadContent(config.CONTENT_DIR ?? projectRoot, { sessionMinutes: config.SESSION_TTL_MINUTES });
  if (!bundle.ok) {
    for (const p of bundle.error) logger.error({ problem: formatProblem(p) }, 'knowledge base is invalid');
    process.exitCode = 1;
    return;
  }
  const runtime = await buildRuntime(config, bundle.value, logger);
  const stop = async () => {
    await runtime.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);

  // No channel is configured yet, so the terminal chat is the channel.
  logger.info({ channel: 'console', storage: runtime.storage }, 'terminal chat started');
  const user = { channel: 'console', userId: config.CONSOLE_USER ?? userInfo().username };
  await runConsoleChat(runtime.bot, user, process.stdin, process.stdout, interactive);
  await runtime.close();
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
