import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { round, summarise } from './summarise.js';

const probe = fileURLToPath(new URL('./startupProbe.ts', import.meta.url));

export interface StartupFigures {
  /** From spawn to the "ready" line on stdout, median of the runs. */
  readonly startup_ms: number;
  /** The same, as the process itself sees it (from Node's time origin). */
  readonly in_process_ms: number;
  readonly runs: number;
}

function once(): Promise<{ wall: number; inside: number }> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, ['--import', 'tsx', probe], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      out += chunk;
      if (out.includes('\n')) {
        const wall = performance.now() - t0;
        resolve({ wall, inside: (JSON.parse(out) as { ready_ms: number }).ready_ms });
      }
    });
    child.once('error', reject);
    child.once('exit', (code) => (code ? reject(new Error(`startup probe exited with ${code}`)) : undefined));
  });
}

/** Time from process start to ready, as `node --import tsx` starts the bot; runs are sequential. */
export async function measureStartup(runs = 3): Promise<StartupFigures> {
  const samples: { wall: number; inside: number }[] = [];
  for (let i = 0; i < runs; i++) samples.push(await once());
  return { startup_ms: round(summarise(samples.map((s) => s.wall)).p50, 0), in_process_ms: round(summarise(samples.map((s) => s.inside)).p50, 0), runs };
}
