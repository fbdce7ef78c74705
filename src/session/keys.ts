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
  /** A platform delivery applied (SET PX); not per-user, it names only the platform's update id. */
  seen: (deliveryKey: string) => `csb:seen:${deliveryKey}`,
  /** The user's owed turns (PendingTurns): per id, its body, owner and progress. */
  turns: (user: string) => `csb:{${user}}:turns`,
  /** Every owed turn, "user|id" scored by when it was saved, for the sweep that finishes orphans. */
  turnIndex: 'csb:turns',
  /** A process's heartbeat: while it lives, nobody else finishes its turns. */
  owner: (owner: string) => `csb:owner:${owner}`,
} as const;
