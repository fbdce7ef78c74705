import { buildOverview, formatOverview } from '../admin/buildOverview.js';
import { CONSOLE_DAYS } from '../admin/createAdminConsole.js';
import { groupUnanswered } from '../admin/groupUnanswered.js';
import { loadConfig } from '../config/loadConfig.js';
import { loadDotEnv } from '../config/loadDotEnv.js';
import { redactSecrets } from '../config/redactSecrets.js';
import { lastDays } from '../metrics/dayOf.js';
import { connectRedis } from '../session/connectRedis.js';
import { createRedisMissedLog } from '../session/createRedisMissedLog.js';
import { createRedisStatsStore } from '../session/createRedisStatsStore.js';
import { createRedisTicketStore } from '../session/createRedisTicketStore.js';
import { loadBundleOrExit } from './loadBundleOrExit.js';

/**
 * `npm run report [-- --json]`: the console's figures for the last 30 days, from the same Redis
 * counters, as text or one JSON object. Unanswered questions are summarised by topic (counts only).
 */
async function main(): Promise<void> {
  loadDotEnv();
  const config = loadConfig(process.env);
  if (!config.REDIS_URL) {
    process.stderr.write('REDIS_URL is not set: without Redis the figures live only in the running bot (see /admin).\n');
    process.exit(1);
  }
  const bundle = loadBundleOrExit();
  const timeZone = bundle.content.clinic.hours?.timezone;
  const redis = connectRedis(config.REDIS_URL, config.REDIS_SENTINELS && config.REDIS_SENTINEL_NAME ? { sentinels: config.REDIS_SENTINELS, name: config.REDIS_SENTINEL_NAME } : undefined);
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    const days = lastDays(Date.now(), CONSOLE_DAYS, timeZone);
    const overview = buildOverview(days, await createRedisStatsStore(redis).read(days));
    const unanswered = groupUnanswered(await createRedisMissedLog(redis, config.MISSED_RETENTION_DAYS * 86_400_000).recent(5000)).map((g) => ({ topic: g.topic, count: g.count }));
    const open = await createRedisTicketStore(redis, config.TICKET_RETENTION_DAYS * 86_400_000).listOpen();
    const tickets = { waiting: open.filter((t) => t.status === 'waiting').length, active: open.filter((t) => t.status === 'active').length };
    if (process.argv.includes('--json')) process.stdout.write(`${JSON.stringify({ ...overview, unanswered, tickets })}\n`);
    else {
      const topics = unanswered.map((g) => `${g.topic ?? '(none)'} ${g.count}`).join(', ') || '–';
      process.stdout.write(`${formatOverview(overview)}\n\nunanswered by nearest topic: ${topics}\nopen tickets: ${tickets.waiting} waiting, ${tickets.active} active\n`);
    }
  } finally {
    await redis.quit().catch(() => redis.disconnect());
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`${redactSecrets(e instanceof Error ? e.message : String(e), process.env)}\n`);
  process.exit(1);
});
