import { z } from 'zod';

const emptyToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const optionalString = z.preprocess(emptyToUndefined, z.string().optional());
const positiveInt = (def: number) => z.preprocess(emptyToUndefined, z.coerce.number().int().positive().default(def));
const flag = (def: boolean) =>
  z.preprocess((v) => emptyToUndefined(v) ?? String(def), z.enum(['true', 'false', '1', '0', 'yes', 'no']).transform((v) => ['true', '1', 'yes'].includes(v)));

/** Every environment variable the bot reads, parsed once. Nothing else reads process.env. */
const envSchema = z
  .object({
    REDIS_URL: z.preprocess(emptyToUndefined, z.string().regex(/^rediss?:\/\//, 'must start with redis:// or rediss://').optional()),
    /** Redis Sentinel: "host:port,host:port". REDIS_URL then gives only password, database and TLS. */
    REDIS_SENTINELS: z.preprocess(
      (v) => (typeof v === 'string' && v.trim() ? v.split(/[,\s]+/).filter(Boolean) : undefined),
      z
        .array(z.string().regex(/^[^\s:]+:\d{1,5}$/, 'entries look like host:26379'))
        .transform((xs) => xs.map((x) => ({ host: x.slice(0, x.lastIndexOf(':')), port: Number(x.slice(x.lastIndexOf(':') + 1)) })))
        .optional(),
    ),
    /** The master group the sentinels watch (sentinel.conf's "monitor" name). */
    REDIS_SENTINEL_NAME: optionalString,
    /** Inbound flood limit per user: this many messages per window; the next one is told to slow down, the rest are dropped. */
    FLOOD_MAX_MESSAGES: positiveInt(15),
    FLOOD_WINDOW_SECONDS: positiveInt(10),
    /**
     * Messages one process works on at once; the rest wait their turn in memory. A burst then runs
     * late instead of timing out its Redis commands (issue 17: 10,000 users at once).
     */
    MAX_IN_FLIGHT: positiveInt(64),
    /** Webhook: with more messages than this waiting, answer 503 so Telegram redelivers later. */
    WEBHOOK_SHED_BACKLOG: positiveInt(10_000),
    /** Keys the hashes that stand in for user ids in Redis and logs. */
    BOT_SECRET: z.preprocess(emptyToUndefined, z.string().min(16, 'must be at least 16 characters').optional()),
    SESSION_TTL_MINUTES: positiveInt(30),
    MISSED_RETENTION_DAYS: positiveInt(30),
    TICKET_RETENTION_DAYS: positiveInt(30),
    /** Unset: info, or warn in an interactive terminal so logs do not interleave with the chat. */
    LOG_LEVEL: z.preprocess(emptyToUndefined, z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).optional()),
    /** Telegram: the token from @BotFather turns the channel on. */
    TELEGRAM_BOT_TOKEN: optionalString,
    /** A self-hosted Bot API server (or a test emulator) instead of api.telegram.org. */
    TELEGRAM_API_ROOT: z.preprocess(emptyToUndefined, z.url().optional()),
    /** Set to receive updates by webhook at this public https URL instead of polling. */
    TELEGRAM_WEBHOOK_URL: z.preprocess(emptyToUndefined, z.url().optional()),
    /** Telegram sends it in X-Telegram-Bot-Api-Secret-Token; derived from BOT_SECRET when unset. */
    TELEGRAM_WEBHOOK_SECRET: z.preprocess(emptyToUndefined, z.string().regex(/^[A-Za-z0-9_-]{1,256}$/, 'may hold only A-Z, a-z, 0-9, _ and -').optional()),
    PORT: positiveInt(8080),
    HOST: z.preprocess(emptyToUndefined, z.string().default('0.0.0.0')),
    /**
     * WeChat: on when a puppet is named (wechaty's own WECHATY_PUPPET, or a puppet-service token) or
     * WECHAT_ENABLED=true, which uses the default puppet. wechaty reads its WECHATY_* variables itself.
     */
    WECHATY_PUPPET: optionalString,
    WECHATY_PUPPET_SERVICE_TOKEN: optionalString,
    WECHAT_ENABLED: flag(false),
    /** Names the memory card that keeps the login between restarts, where the puppet supports it. */
    WECHATY_NAME: z.preprocess(emptyToUndefined, z.string().default('zkxb-consult-bot')),
    WECHAT_AUTO_ACCEPT_FRIENDS: flag(false),
    /** Minimum gap between two outgoing WeChat messages; a little jitter is added. */
    WECHAT_SEND_GAP_MS: positiveInt(1500),
    /** The consultants' Telegram group (a negative id); the bot must be a member. */
    CONSULTANT_TELEGRAM_CHAT_ID: z.preprocess(emptyToUndefined, z.coerce.number().int().optional()),
    /** The consultants' WeChat room, by topic or id. */
    CONSULTANT_WECHAT_ROOM: optionalString,
    /** Who may take, answer and close tickets: "telegram:123,wechat:wxid_abc". */
    CONSULTANTS: z.preprocess(
      (v) => (typeof v === 'string' ? v.split(/[,\s]+/).filter(Boolean) : []),
      z.array(z.string().regex(/^(telegram|wechat):\S+$/, 'entries look like telegram:123 or wechat:wxid_abc')),
    ),
    /** A ticket nobody took within this many minutes is announced again. */
    HANDOFF_REMIND_MINUTES: positiveInt(10),
    /** A ticket nobody took within this many minutes: the patient is told so and offered a call back; reminders go on. */
    HANDOFF_TIMEOUT_MINUTES: positiveInt(30),
    /** Where knowledge/ and flows/ live; the project folder by default. */
    CONTENT_DIR: optionalString,
    /** The terminal chat's user id; the OS user name by default. */
    CONSOLE_USER: optionalString,

    // --- WeCom 微信客服 (kf) API (issue 15): setting WECOM_CORP_ID turns the channel on ---
    WECOM_CORP_ID: optionalString,
    /** The secret of the 自建应用 allowed to call the 微信客服 API. */
    WECOM_KF_SECRET: optionalString,
    /** The callback's Token and EncodingAESKey, as set in the WeCom admin. */
    WECOM_CALLBACK_TOKEN: optionalString,
    WECOM_ENCODING_AES_KEY: z.preprocess(emptyToUndefined, z.string().regex(/^[A-Za-z0-9+/]{43}$/, 'must be the 43-character EncodingAESKey').optional()),
    /** Tests point it at an emulator. */
    WECOM_API_ROOT: z.preprocess(emptyToUndefined, z.url().default('https://qyapi.weixin.qq.com')),
    /** Served on HOST:PORT; the callback URL given to WeCom ends with it. */
    WECOM_CALLBACK_PATH: z.preprocess(emptyToUndefined, z.string().regex(/^\/[\w\-./]*$/, 'must be a path starting with /').default('/wecom/callback')),
    /** Serve only this kf account (open_kfid); otherwise every account the callbacks name. */
    WECOM_OPEN_KFID: optionalString,
    /** A servicer userid for direct handoff (service_state 3); otherwise the servicer pool (2). */
    WECOM_SERVICER: optionalString,

    // --- Operations: HTTP endpoints, operator console, stats (issue 16) ---
    /** Turns the operator console at /admin on; sent as a Bearer token or typed into its login form. */
    ADMIN_TOKEN: z.preprocess(emptyToUndefined, z.string().min(16, 'must be at least 16 characters').optional()),
    /** Days the aggregate daily counters behind /admin and `npm run report` are kept (the console shows 30). */
    STATS_RETENTION_DAYS: positiveInt(35),
  })
  .superRefine((env, ctx) => {
    if (env.TELEGRAM_WEBHOOK_URL && !env.TELEGRAM_BOT_TOKEN) {
      ctx.addIssue({ code: 'custom', path: ['TELEGRAM_WEBHOOK_URL'], message: 'needs TELEGRAM_BOT_TOKEN' });
    }
    if (env.TELEGRAM_WEBHOOK_URL && !env.TELEGRAM_WEBHOOK_SECRET && !env.BOT_SECRET) {
      ctx.addIssue({ code: 'custom', path: ['TELEGRAM_WEBHOOK_SECRET'], message: 'or BOT_SECRET is required in webhook mode, so every bot process checks the same secret' });
    }
    if (env.REDIS_SENTINELS && (!env.REDIS_SENTINEL_NAME || !env.REDIS_URL)) {
      ctx.addIssue({ code: 'custom', path: ['REDIS_SENTINELS'], message: 'needs REDIS_SENTINEL_NAME (the monitored master name) and REDIS_URL (for password and database)' });
    }
    if (env.WECOM_CORP_ID) {
      for (const name of ['WECOM_KF_SECRET', 'WECOM_CALLBACK_TOKEN', 'WECOM_ENCODING_AES_KEY'] as const) {
        if (!env[name]) ctx.addIssue({ code: 'custom', path: [name], message: 'is required with WECOM_CORP_ID' });
      }
    }
    if (env.REDIS_URL && !env.BOT_SECRET) {
      ctx.addIssue({ code: 'custom', path: ['BOT_SECRET'], message: 'is required with REDIS_URL, so user hashes stay the same across restarts (any random string of 16+ characters)' });
    }
  });

export type Config = z.output<typeof envSchema> & {
  /** PORT was given (PORT has a default for the webhook): /healthz, /readyz, /metrics and /admin are served. */
  readonly serveHttp: boolean;
};

/** Parses the environment (or a test's object); throws one readable error listing every problem. */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const parsed = envSchema.safeParse(env);
  if (parsed.success) return { ...parsed.data, serveHttp: emptyToUndefined(env.PORT) !== undefined };
  const lines = parsed.error.issues.map((i) => `  ${i.path.join('.') || '(env)'} ${i.message}`);
  throw new Error(`Invalid configuration:\n${lines.join('\n')}`, { cause: parsed.error });
}
