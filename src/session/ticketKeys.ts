/** Keys of the handoff desk. Per-user keys carry the user's hash tag, like the session. */
export const ticketKeys = {
  seq: 'csb:tickets:seq',
  waiting: 'csb:tickets:waiting',
  open: 'csb:tickets:open',
  all: 'csb:tickets:all',
  ticket: (n: number) => `csb:ticket:${n}`,
  lines: (n: number) => `csb:ticket:${n}:lines`,
  owner: (n: number) => `csb:ticket:${n}:owner`,
  latest: (user: string) => `csb:{${user}}:ticket`,
  mine: (user: string) => `csb:{${user}}:tickets`,
} as const;

/** Lines kept per ticket for the case card. */
export const TRANSCRIPT_LINES = 10;
