import { createInterface } from 'node:readline';
import type { CommandName, Inbound, UserRef } from '../../core/inbound.js';
import type { Reply } from '../../core/reply.js';
import type { Bot } from '../../runtime/createBot.js';

const commands: ReadonlySet<string> = new Set<CommandName>(['start', 'menu', 'check', 'human', 'reset', 'delete', 'help', 'end']);

/** A typed line as the engine's neutral message: "/reset" style commands, otherwise text. */
export function toInbound(line: string): Inbound {
  const m = /^\/(\w+)\s*$/.exec(line.trim());
  if (m && commands.has(m[1] ?? '')) return { kind: 'command', name: m[1] as CommandName };
  return { kind: 'text', text: line };
}

/** Choices become numbered lines, which the engine accepts as answers. */
export function formatReply(r: Reply): string {
  const lines = [r.text];
  r.choices?.forEach((c, i) => lines.push(`  ${i + 1}. ${c.label}`));
  return lines.join('\n');
}

/**
 * The terminal chat. Interactive: a prompt and a welcome. Piped: one message per line, every
 * reply printed, exit at end of input, which makes scripted conversation tests simple.
 */
export async function runConsoleChat(bot: Bot, user: UserRef, input: NodeJS.ReadableStream, output: NodeJS.WritableStream, interactive: boolean): Promise<void> {
  const print = (replies: readonly Reply[]) => output.write(`${replies.map(formatReply).join('\n\n')}\n\n`);
  const rl = createInterface({ input, ...(interactive ? { output } : {}), terminal: interactive, crlfDelay: Infinity });
  if (interactive) {
    print((await bot.handle(user, { kind: 'command', name: 'start' })).replies);
    rl.setPrompt('> ');
    rl.prompt();
  }
  for await (const line of rl) {
    print((await bot.handle(user, toInbound(line))).replies);
    if (interactive) rl.prompt();
  }
}
