import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { projectRoot } from './bundle.js';

export interface BotReply {
  readonly id: number;
  readonly route: string | null;
  readonly reply: string | null;
  /** Milliseconds from sending to the reply, measured in the test process. */
  readonly ms: number;
}

/** One bot process (tests/support/botProcess.ts) and a promise-per-message client for it. */
export interface BotProcess {
  readonly child: ChildProcess;
  send(user: string, text: string, key?: string): Promise<BotReply>;
  /** Replies this process sent for turns a killed process left owed. */
  readonly resumed: { readonly user: string; readonly reply: string | null }[];
  /** Ends stdin, lets messages in progress finish, and waits for the exit code. */
  stop(): Promise<number | null>;
  readonly stderr: string[];
}

let nextId = 1;

export async function startBotProcess(env: Record<string, string>): Promise<BotProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'tests/support/botProcess.ts'], { cwd: projectRoot, env: { ...process.env, LOG_LEVEL: 'warn', ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
  const waiting = new Map<number, { started: number; resolve: (r: BotReply) => void }>();
  const stderr: string[] = [];
  const resumed: { user: string; reply: string | null }[] = [];
  child.stderr!.on('data', (b: Buffer) => stderr.push(...b.toString('utf8').split('\n').filter(Boolean)));
  let ready!: () => void;
  const isReady = new Promise<void>((r) => (ready = r));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  createInterface({ input: child.stdout! }).on('line', (line) => {
    const m = JSON.parse(line) as { ready?: true; resumed?: true; user?: string; id: number; route: string | null; reply: string | null };
    if (m.ready) return ready();
    if (m.resumed) return void resumed.push({ user: m.user ?? '', reply: m.reply });
    const w = waiting.get(m.id);
    if (!w) return;
    waiting.delete(m.id);
    w.resolve({ id: m.id, route: m.route, reply: m.reply, ms: performance.now() - w.started });
  });
  await Promise.race([isReady, exited.then((code) => Promise.reject(new Error(`bot process exited with ${code}:\n${stderr.join('\n')}`)))]);
  return {
    child,
    stderr,
    resumed,
    send(user, text, key) {
      const id = nextId++;
      return new Promise((resolve) => {
        waiting.set(id, { started: performance.now(), resolve });
        child.stdin!.write(`${JSON.stringify({ id, user, text, ...(key ? { key } : {}) })}\n`);
      });
    },
    async stop() {
      child.stdin!.end();
      const t = setTimeout(() => child.kill('SIGKILL'), 10_000);
      const code = await exited;
      clearTimeout(t);
      return code;
    },
  };
}
