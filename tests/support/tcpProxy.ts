import { connect, createServer, type Server, type Socket } from 'node:net';

/** A TCP proxy between the bot and Redis that a test can cut (drop every connection, refuse new ones) and restore. */
export interface TcpProxy {
  readonly port: number;
  cut(): void;
  restore(): void;
  /** Holds Redis's answers (the commands still run), as a stalled server or network would; `flow` lets them through. */
  stall(): void;
  flow(): void;
  close(): Promise<void>;
}

export async function startTcpProxy(upstreamPort: number, upstreamHost = '127.0.0.1'): Promise<TcpProxy> {
  const open = new Set<Socket>();
  const upstreams = new Set<Socket>();
  let down = false;
  let stalled = false;
  const server: Server = createServer((client) => {
    if (down) return void client.destroy();
    const upstream = connect(upstreamPort, upstreamHost);
    upstreams.add(upstream);
    upstream.on('close', () => upstreams.delete(upstream));
    for (const s of [client, upstream]) {
      open.add(s);
      s.on('error', () => undefined);
      s.on('close', () => {
        open.delete(s);
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream);
    upstream.pipe(client);
    if (stalled) upstream.pause();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const addr = server.address();
  return {
    port: typeof addr === 'object' && addr ? addr.port : 0,
    cut() {
      down = true;
      for (const s of open) s.destroy();
    },
    restore() {
      down = false;
    },
    stall() {
      stalled = true;
      for (const u of upstreams) u.pause();
    },
    flow() {
      stalled = false;
      for (const u of upstreams) u.resume();
    },
    close() {
      for (const s of open) s.destroy();
      return new Promise((r) => server.close(() => r()));
    },
  };
}
