/**
 * The package entry, for adding the consultation to an existing bot:
 *
 *   const consultation = await createConsultation(process.env);
 *   bot.use(consultation.telegramMiddleware(bot.telegram));
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Telegram } from 'telegraf';
import { createTelegramMiddleware } from './channels/telegram/createTelegramChannel.js';
import { WechatyConsultation } from './channels/wechat/WechatyConsultation.js';
import { loadConfig } from './config/loadConfig.js';
import { formatProblem } from './core/result.js';
import { loadContent } from './loadContent.js';
import { createLogger } from './log/createLogger.js';
import { buildRuntime } from './runtime/buildRuntime.js';

export { createTelegramChannel, createTelegramMiddleware } from './channels/telegram/createTelegramChannel.js';
export { createWechatChannel } from './channels/wechat/createWechatChannel.js';
export { WechatyConsultation } from './channels/wechat/WechatyConsultation.js';
export { loadConfig } from './config/loadConfig.js';
export { loadContent } from './loadContent.js';
export { buildRuntime } from './runtime/buildRuntime.js';
export type { Inbound, UserRef } from './core/inbound.js';
export type { Reply } from './core/reply.js';

const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Loads config, knowledge and stores as `npm start` does, and hands out channel adapters. */
export async function createConsultation(env: Record<string, string | undefined>) {
  const config = loadConfig(env);
  const logger = createLogger(config.LOG_LEVEL ?? 'info');
  const bundle = loadContent(config.CONTENT_DIR ?? projectRoot, { sessionMinutes: config.SESSION_TTL_MINUTES });
  if (!bundle.ok) throw new Error(`Invalid knowledge base:\n${bundle.error.map(formatProblem).join('\n')}`);
  const runtime = await buildRuntime(config, bundle.value, logger);
  return {
    bot: runtime.bot,
    /** telegraf middleware for private chats; other updates pass to the next middleware. */
    telegramMiddleware: (telegram: Telegram) => createTelegramMiddleware({ telegram, bot: runtime.bot, content: bundle.value.content, delivery: runtime.delivery, logger }).middleware,
    /** A Wechaty plugin for private chats: `wechaty.use(consultation.wechatyPlugin())`. */
    wechatyPlugin: () => WechatyConsultation({ bot: runtime.bot, content: bundle.value.content, delivery: runtime.delivery, logger, autoAcceptFriends: config.WECHAT_AUTO_ACCEPT_FRIENDS, sendGapMs: config.WECHAT_SEND_GAP_MS }),
    close: () => runtime.close(),
  };
}
