import { createHmac } from 'node:crypto';
import { userInfo } from 'node:os';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runConsoleChat } from './channels/console/runConsoleChat.js';
import { createTelegramChannel } from './channels/telegram/createTelegramChannel.js';
import { loadConfig, type Config } from './config/loadConfig.js';
import type { Logger } from './core/ports.js';
import { formatProblem } from './core/result.js';
import { loadContent, type Bundle } from './loadContent.js';
import { createLogger } from './log/createLogger.js';
import { buildRuntime, type Runtime } from './runtime/buildRuntime.js';

const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

interface Channel {
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** Every channel the configuration turns on. */
function configuredChannels(config: Config, bundle: Bundle, runtime: Runtime, logger: Logger): Channel[] {
  const channels: Channel[] = [];
  if (config.TELEGRAM_BOT_TOKEN) {
    const secret = config.TELEGRAM_WEBHOOK_SECRET ?? createHmac('sha256', config.BOT_SECRET ?? '').update('telegram-webhook').digest('base64url');
    channels.push(
      createTelegramChannel({
        token: config.TELEGRAM_BOT_TOKEN,
        ...(config.TELEGRAM_API_ROOT ? { apiRoot: config.TELEGRAM_API_ROOT } : {}),
        ...(config.TELEGRAM_WEBHOOK_URL ? { webhook: { url: config.TELEGRAM_WEBHOOK_URL, secret, port: config.PORT, host: config.HOST } } : {}),
        bot: runtime.bot,
        content: bundle.content,
        delivery: runtime.delivery,
        logger,
      }),
    );
  }
  return channels;
}

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
  const channels = configuredChannels(config, bundle.value, runtime, logger);

  if (channels.length === 0) {
    // No channel is configured, so the terminal chat is the channel.
    logger.info({ channel: 'console', storage: runtime.storage }, 'terminal chat started');
    const user = { channel: 'console', userId: config.CONSOLE_USER ?? userInfo().username };
    await runConsoleChat(runtime.bot, user, process.stdin, process.stdout, interactive);
    await runtime.close();
    return;
  }

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping: finishing updates in progress');
    await Promise.all(channels.map((c) => c.stop()));
    await runtime.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
  for (const c of channels) await c.start();
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
