/**
 * Every key the bot writes. Per-user keys share the user's hash tag in braces, so they stay in
 * one Redis Cluster slot and "delete my data" can name them all without scanning.
 */
export const keys = {
  session: (user: string) => `csb:{${user}}:session`,
  /** Inbound messages in the current flood window (createFloodGuard). */
  flood: (user: string) => `csb:{${user}}:flood`,
  missed: 'csb:missed',
  /** The user's own entries of `missed`, so erasure reads only them. */
  missedBy: (user: string) => `csb:{${user}}:missed`,
  /** One day's aggregate counters (createRedisStatsStore); not per-user. */
  statsDay: (day: string) => `csb:stats:${day}`,
} as const;
