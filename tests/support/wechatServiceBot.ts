/**
 * The WeChat channel wired as `npm start` wires it, configured only by the environment: the
 * puppet comes from WECHATY_PUPPET and its WECHATY_PUPPET_SERVICE_* variables, which wechaty
 * reads itself. The service smoke test runs this file as a child process. Logs go to stderr.
 */
import { createWechatChannel } from '../../src/channels/wechat/createWechatChannel.js';
import { loadConfig } from '../../src/config/loadConfig.js';
import { formatProblem } from '../../src/core/result.js';
import { loadContent } from '../../src/loadContent.js';
import { createLogger } from '../../src/log/createLogger.js';
import { buildRuntime } from '../../src/runtime/buildRuntime.js';
import { projectRoot } from './bundle.js';

const config = loadConfig(process.env);
const logger = createLogger(config.LOG_LEVEL ?? 'info');
const bundle = loadContent(projectRoot, { sessionMinutes: config.SESSION_TTL_MINUTES });
if (!bundle.ok) throw new Error(bundle.error.map(formatProblem).join('\n'));
const runtime = await buildRuntime(config, bundle.value, logger);
const channel = createWechatChannel({
  name: config.WECHATY_NAME,
  autoAcceptFriends: config.WECHAT_AUTO_ACCEPT_FRIENDS,
  sendGapMs: config.WECHAT_SEND_GAP_MS,
  bot: runtime.bot,
  content: bundle.value.content,
  delivery: runtime.delivery,
  logger,
});
process.once('SIGTERM', () => {
  void channel
    .stop()
    .then(() => runtime.close())
    .finally(() => process.exit(0));
});
await channel.start();
