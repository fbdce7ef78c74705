import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Logger, TicketStore } from '../../core/ports.js';
import type { Reply } from '../../core/reply.js';
import type { Bot } from '../../runtime/createBot.js';
import { createKfClient } from './createKfClient.js';
import { createKfConversations } from './createKfConversations.js';
import { createKfHandler, SERVICER_HOLDS } from './createKfHandler.js';
import { createKfSender } from './createKfSender.js';
import { createKfSync } from './createKfSync.js';
import { createWecomCallback } from './createWecomCallback.js';
import type { WecomStore } from './createWecomStore.js';
import { createWxBizMsgCrypt } from './createWxBizMsgCrypt.js';

export interface WecomOptions {
  readonly corpId: string;
  readonly secret: string;
  readonly callbackToken: string;
  readonly encodingAesKey: string;
  readonly apiRoot: string;
  readonly callbackPath: string;
  /** Where the channel's own HTTP server listens; without it, mount `handleHttp` on a server of your own. */
  readonly listen?: { readonly host: string; readonly port: number };
  /** Serve only this kf account; otherwise every account the callbacks name. */
  readonly openKfid?: string;
  /** A servicer userid for direct handoff; otherwise the servicer pool. */
  readonly servicer?: string;
  readonly bot: Pick<Bot, 'handle'> & Partial<Pick<Bot, 'connect'>>;
  readonly tickets: TicketStore;
  readonly store: WecomStore;
  readonly logger: Logger;
  readonly fetch?: typeof fetch;
}

/**
 * WeChat through WeCom's 微信客服 (kf) API: patients chat with the clinic's customer-service
 * account from WeChat; callbacks tell us to pull messages, replies go out by kf/send_msg, and
 * human handoff is WeCom's own session transfer.
 */
export function createWecomChannel(o: WecomOptions) {
  const client = createKfClient({ apiRoot: o.apiRoot, corpId: o.corpId, secret: o.secret, store: o.store, logger: o.logger, ...(o.fetch ? { fetch: o.fetch } : {}) });
  const sender = createKfSender({ client, store: o.store, logger: o.logger });
  const handler = createKfHandler({ bot: o.bot, tickets: o.tickets, client, sender, conversations: createKfConversations(o.store), logger: o.logger, ...(o.servicer ? { servicer: o.servicer } : {}) });
  const sync = createKfSync({ client, store: o.store, logger: o.logger, handle: handler.handle });
  // Replies a killed or stalled process left owed; once a servicer holds the chat the bot says nothing.
  o.bot.connect?.('wecom', (userId, replies) =>
    handler.deliver(userId, replies).catch((e: unknown) => {
      if (!(e instanceof Error && e.name === SERVICER_HOLDS)) throw e;
    }),
  );
  const crypt = createWxBizMsgCrypt({ token: o.callbackToken, encodingAesKey: o.encodingAesKey, corpId: o.corpId });
  let started = false;
  /** Accounts whose callbacks came before start (the store may not be connected yet); synced on start. */
  const early = new Set<string>();
  const onNews = (kfid: string, token: string) => {
    if (o.openKfid && kfid !== o.openKfid) return;
    if (!started) return void early.add(kfid);
    void sync.trigger(kfid, token || undefined);
  };
  const handleHttp = createWecomCallback({ crypt, path: o.callbackPath, logger: o.logger, onNews });
  let server: Server | undefined;

  return {
    /** The callback as a request handler, for a shared HTTP server; false when the path is not ours. */
    handleHttp,
    async start(): Promise<void> {
      if (o.listen && !server) {
        const { host, port } = o.listen;
        const s = createServer((req: IncomingMessage, res: ServerResponse) => {
          if (!handleHttp(req, res)) res.writeHead(404).end();
        });
        server = await new Promise<Server>((resolve, reject) => s.once('error', reject).listen(port, host, () => resolve(s)));
      }
      started = true;
      // Catch up with what arrived while the bot was down; the stored cursor says where we stopped.
      if (o.openKfid) early.add(o.openKfid);
      for (const kfid of early) void sync.trigger(kfid);
      early.clear();
      o.logger.info({ channel: 'wecom', event: 'started', path: o.callbackPath }, 'wecom channel started');
    },
    /** Stops pulling, lets the turns in progress finish, then closes the callback server. */
    async stop(): Promise<void> {
      sync.stop();
      await sync.idle();
      await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
      server = undefined;
    },
    /** A consultant's reply from another desk; refused while a WeCom servicer holds the session. */
    deliver: (userId: string, replies: readonly Reply[]) => handler.deliver(userId, replies),
    /** The port actually listened on (0 in the options picks a free one). */
    get port(): number | null {
      const a = server?.address();
      return a && typeof a === 'object' ? a.port : null;
    },
    /** Resolves when no sync is running; for tests and shutdown. */
    idle: () => sync.idle(),
  };
}

export type WecomChannel = ReturnType<typeof createWecomChannel>;
