#!/usr/bin/env node
import { createHmac } from 'node:crypto';
import { userInfo } from 'node:os';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runConsoleChat } from './channels/console/runConsoleChat.js';
import { createTelegramChannel } from './channels/telegram/createTelegramChannel.js';
import { telegramLimits } from './channels/telegram/createTelegramOutbox.js';
import { createWecomFromConfig } from './channels/wecom/createWecomFromConfig.js';
import { loadCannedReplies } from './knowledge/loadCannedReplies.js';
import { loadConfig, type Config } from './config/loadConfig.js';
import type { Logger } from './core/ports.js';
import { formatProblem } from './core/result.js';
import { loadContent, type Bundle } from './loadContent.js';
import { createLogger } from './log/createLogger.js';
import { guardRejections } from './runtime/guardRejections.js';
import { createDesk, type Desk } from './handoff/createDesk.js';
import { buildRuntime, type Runtime } from './runtime/buildRuntime.js';
import { formatReply } from './channels/console/runConsoleChat.js';
// Operations (issue 16): .env, HTTP endpoints, console, redacted start-up errors.
import { loadDotEnv } from './config/loadDotEnv.js';
import { redactSecrets } from './config/redactSecrets.js';
import { proxyTo } from './http/proxyTo.js';
import { serveOperations, type Operations } from './http/serveOperations.js';

const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

interface Channel {
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** Every channel the configuration turns on. */
async function configuredChannels(config: Config, bundle: Bundle, runtime: Runtime, desk: Desk, logger: Logger, ops?: Operations): Promise<Channel[]> {
  const channels: Channel[] = [];
  if (config.TELEGRAM_BOT_TOKEN) {
    const secret = config.TELEGRAM_WEBHOOK_SECRET ?? createHmac('sha256', config.BOT_SECRET ?? '').update('telegram-webhook').digest('base64url');
    channels.push(
      createTelegramChannel({
        token: config.TELEGRAM_BOT_TOKEN,
        ...(config.TELEGRAM_API_ROOT ? { apiRoot: config.TELEGRAM_API_ROOT } : {}),
        // With the operations server on HOST:PORT, the webhook listens on loopback and is proxied from its path.
        ...(config.TELEGRAM_WEBHOOK_URL ? { webhook: { url: config.TELEGRAM_WEBHOOK_URL, secret, ...(ops ? { port: 0, host: '127.0.0.1' } : { port: config.PORT, host: config.HOST }) } } : {}),
        bot: runtime.bot,
        content: bundle.content,
        delivery: runtime.delivery,
        logger,
        overloaded: () => runtime.gate.waiting > config.WEBHOOK_SHED_BACKLOG,
        // With Redis, several bot processes share Telegram's 30/s and per-chat limits; the bot id names them.
        ...(runtime.sendLimiter ? { sendLimiter: runtime.sendLimiter(telegramLimits, config.TELEGRAM_BOT_TOKEN.split(':')[0] ?? 'bot') } : {}),
        desk: {
          desk,
          links: runtime.deskLinks,
          ...(config.CONSULTANT_TELEGRAM_CHAT_ID !== undefined ? { chatId: config.CONSULTANT_TELEGRAM_CHAT_ID } : {}),
          consultantIds: config.CONSULTANTS.filter((c) => c.startsWith('telegram:')).map((c) => c.slice('telegram:'.length)),
        },
      }),
    );
    const tg = channels.at(-1) as ReturnType<typeof createTelegramChannel>;
    runtime.metrics.watchOutbox('telegram', () => tg.outbox.pending);
    if (ops && config.TELEGRAM_WEBHOOK_URL) ops.http.mount(new URL(config.TELEGRAM_WEBHOOK_URL).pathname, proxyTo(() => tg.webhookPort));
  }
  if (config.WECHATY_PUPPET || config.WECHATY_PUPPET_SERVICE_TOKEN || config.WECHAT_ENABLED) {
    // wechaty takes over a second to import: only when WeChat is on.
    const { createWechatChannel } = await import('./channels/wechat/createWechatChannel.js');
    const { createWechatBoard } = await import('./channels/wechat/createWechatBoard.js');
    const { createWechatDeskHandler } = await import('./channels/wechat/createWechatDeskHandler.js');
    const room = config.CONSULTANT_WECHAT_ROOM;
    // wechaty reads WECHATY_PUPPET and WECHATY_PUPPET_SERVICE_* itself; a token alone means the service puppet.
    const puppet = config.WECHATY_PUPPET ?? (config.WECHATY_PUPPET_SERVICE_TOKEN ? 'wechaty-puppet-service' : undefined);
    let board: ReturnType<typeof createWechatBoard> | undefined;
    const wechat = createWechatChannel({
      name: config.WECHATY_NAME,
      ...(puppet ? { puppet } : {}),
      autoAcceptFriends: config.WECHAT_AUTO_ACCEPT_FRIENDS,
      sendGapMs: config.WECHAT_SEND_GAP_MS,
      bot: runtime.bot,
      content: bundle.content,
      delivery: runtime.delivery,
      logger,
      ...(room
        ? {
            consultantRoom: room,
            // "接 12", "#12 答复", quotes of ticket messages, "结束 12"; the consultants' own chat is left alone.
            onRoomMessage: createWechatDeskHandler(desk, () => board),
          }
        : {}),
    });
    desk.connect('wechat', (userId, replies) => wechat.deliver(userId, replies));
    if (room) {
      board = createWechatBoard({ wechaty: wechat.wechaty, room, send: (id, replies) => wechat.deliver(id, replies) });
      desk.addBoard(board);
    }
    channels.push(wechat);
    ops?.readiness.probe('wechat', async () => {
      if (!wechat.wechaty.isLoggedIn) throw new Error('not logged in (scan the QR code)');
    });
  }
  // WeCom 微信客服 (issue 15): the callback goes on the shared HTTP server when there is one.
  if (config.WECOM_CORP_ID) channels.push(createWecomFromConfig(config, runtime, desk, logger, ops?.http));
  return channels;
}

/** Composition root: config → content → stores → bot → channels, and a graceful stop. */
async function main(): Promise<void> {
  loadDotEnv();
  const config = loadConfig(process.env);
  const interactive = Boolean(process.stdin.isTTY);
  const logger = createLogger(config.LOG_LEVEL ?? (interactive ? 'warn' : 'info'));
  guardRejections(logger);
  // PORT set (or a webhook): /healthz answers before the knowledge base has loaded.
  const ops = config.serveHttp || config.TELEGRAM_WEBHOOK_URL ? await serveOperations({ port: config.PORT, host: config.HOST, logger }) : undefined;
  const bundle = loadContent(config.CONTENT_DIR ?? projectRoot, { sessionMinutes: config.SESSION_TTL_MINUTES });
  if (!bundle.ok) {
    for (const p of bundle.error) logger.error({ problem: formatProblem(p) }, 'knowledge base is invalid');
    await ops?.http.close();
    process.exitCode = 1;
    return;
  }
  const replies = loadCannedReplies(config.CONTENT_DIR ?? projectRoot);
  if (!replies.ok) {
    for (const p of replies.error) logger.error({ problem: formatProblem(p) }, 'canned replies are invalid');
    await ops?.http.close();
    process.exitCode = 1;
    return;
  }
  const runtime = await buildRuntime(config, bundle.value, logger);
  ops?.attach({ runtime, bundle: bundle.value, contentRoot: config.CONTENT_DIR ?? projectRoot, adminToken: config.ADMIN_TOKEN });
  // The consultant desk. With no desk chat configured, tickets are stored and wait for one.
  const desk = createDesk({
    tickets: runtime.tickets,
    content: bundle.value.content,
    consultants: new Set(config.CONSULTANTS),
    logger,
    remindAfterMs: config.HANDOFF_REMIND_MINUTES * 60_000,
    timeoutMs: config.HANDOFF_TIMEOUT_MINUTES * 60_000,
    callbacks: runtime.callbacks,
    replies: replies.value,
    ...(bundle.value.content.clinic.hours ? { timezone: bundle.value.content.clinic.hours.timezone } : {}),
  });
  desk.attach(runtime.bot);
  runtime.bot.attachDesk(desk);
  const reminders = setInterval(() => void desk.remind().catch(() => logger.error({ code: 'CSB_DESK_REMIND' }, 'reminders failed')), 60_000);
  reminders.unref();
  const channels = await configuredChannels(config, bundle.value, runtime, desk, logger, ops);
  ops?.readiness.mark('channels', channels.length ? 'starting' : true);

  if (channels.length === 0) {
    // No channel is configured, so the terminal chat is the channel.
    logger.info({ channel: 'console', storage: runtime.storage }, 'terminal chat started');
    const user = { channel: 'console', userId: config.CONSOLE_USER ?? userInfo().username };
    // A consultant's answer to a terminal user is printed, like any reply.
    desk.connect('console', async (_userId, replies) => void process.stdout.write(`${replies.map(formatReply).join('\n\n')}\n\n`));
    await runConsoleChat(runtime.bot, user, process.stdin, process.stdout, interactive);
    await ops?.http.close();
    await runtime.close();
    return;
  }

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping: finishing updates in progress');
    await Promise.all(channels.map((c) => c.stop()));
    await ops?.http.close();
    await runtime.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
  for (const c of channels) await c.start();
  ops?.readiness.mark('channels', true);
}

main().catch((e: unknown) => {
  process.stderr.write(`${redactSecrets(e instanceof Error ? e.message : String(e), process.env)}\n`);
  process.exit(1);
});
