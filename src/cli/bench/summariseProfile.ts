/** The parts of a V8 .cpuprofile that the summary reads. */
export interface CpuProfile {
  readonly nodes: readonly { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

const where = (url: string): string => url.replace(/^.*\/node_modules\/((@[^/]+\/)?[^/]+).*$/, '$1').replace(/^.*\/src\//, 'src/');

/**
 * Self time by function and by file or package, and inclusive time of our own source files, as
 * percentages of the samples. Inclusive is what a file's code costs with everything it calls.
 */
export function summariseProfile(p: CpuProfile, top: number): string {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const selfById = new Map<number, number>();
  let total = 0;
  p.samples.forEach((id, i) => {
    const d = p.timeDeltas[i] ?? 0;
    selfById.set(id, (selfById.get(id) ?? 0) + d);
    total += d;
  });
  const self = new Map<string, number>();
  const file = new Map<string, number>();
  const inclusive = new Map<string, number>();
  for (const [id, t] of selfById) {
    const cf = byId.get(id)!.callFrame;
    const w = where(cf.url);
    const add = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + t);
    add(self, `${cf.functionName || '(anonymous)'}  ${w}${w ? `:${cf.lineNumber + 1}` : ''}`);
    add(file, w || cf.functionName);
    // Each source file once per sample, however deep it recurses.
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const u = where(byId.get(at)!.callFrame.url);
      if (u.startsWith('src/') && !seen.has(u)) seen.add(u), add(inclusive, u);
    }
  }
  const table = (title: string, m: Map<string, number>) =>
    [`${title}`, ...[...m].sort((a, b) => b[1] - a[1]).slice(0, top).map(([k, t]) => `${((100 * t) / total).toFixed(1).padStart(5)}%  ${k}`)].join('\n');
  return [table('self time by file or package', file), table('inclusive time of our source files', inclusive), table('self time by function', self)].join('\n\n');
}

/** A V8 sampling heap profile: a call tree whose nodes carry the bytes sampled as allocated there. */
export interface HeapProfile {
  readonly head: HeapNode;
}
interface HeapNode {
  readonly callFrame: { functionName: string; url: string; lineNumber: number };
  readonly selfSize: number;
  readonly children: readonly HeapNode[];
}

/** Bytes allocated by function (self), as percentages of all sampled allocation. */
export function summariseAllocations(p: HeapProfile, top: number): string {
  const self = new Map<string, number>();
  let total = 0;
  const walk = (n: HeapNode) => {
    const w = where(n.callFrame.url);
    const k = `${n.callFrame.functionName || '(anonymous)'}  ${w}${w ? `:${n.callFrame.lineNumber + 1}` : ''}`;
    self.set(k, (self.get(k) ?? 0) + n.selfSize);
    total += n.selfSize;
    n.children.forEach(walk);
  };
  walk(p.head);
  return ['allocation by function (self)', ...[...self].sort((a, b) => b[1] - a[1]).slice(0, top).map(([k, b]) => `${((100 * b) / total).toFixed(1).padStart(5)}%  ${k}`)].join('\n');
}
