/** One bar series for a chart: a value per day. */
export interface Series {
  readonly label: string;
  readonly values: readonly number[];
  readonly colour: string;
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * A small grouped bar chart as inline SVG, drawn on the server: no script, no CDN. Days run
 * left to right; each day's bars stand side by side; the axis shows the maximum.
 */
export function renderBarChart(title: string, days: readonly string[], series: readonly Series[]): string {
  const w = 720;
  const h = 180;
  const pad = { l: 36, r: 8, t: 24, b: 28 };
  const max = Math.max(1, ...series.flatMap((s) => s.values));
  const slot = (w - pad.l - pad.r) / Math.max(1, days.length);
  const bar = Math.max(1, (slot - 2) / Math.max(1, series.length));
  const y = (v: number) => pad.t + (h - pad.t - pad.b) * (1 - v / max);
  const bars = series.flatMap((s, si) =>
    s.values.map((v, di) => {
      const x = pad.l + di * slot + 1 + si * bar;
      return v > 0 ? `<rect x="${x.toFixed(1)}" y="${y(v).toFixed(1)}" width="${bar.toFixed(1)}" height="${(h - pad.b - y(v)).toFixed(1)}" fill="${s.colour}"><title>${esc(`${days[di]} ${s.label}: ${v}`)}</title></rect>` : '';
    }),
  );
  const ticks = days.map((d, i) => ((i % 7 === 0 && days.length - 1 - i >= 4) || i === days.length - 1 ? `<text x="${(pad.l + i * slot + slot / 2).toFixed(1)}" y="${h - 10}" font-size="10" text-anchor="middle">${esc(d.slice(5))}</text>` : ''));
  const legend = series.map((s, i) => `<rect x="${pad.l + i * 150}" y="6" width="10" height="10" fill="${s.colour}"/><text x="${pad.l + i * 150 + 14}" y="15" font-size="11">${esc(s.label)}</text>`);
  return [
    `<svg class="chart" role="img" aria-label="${esc(title)}" viewBox="0 0 ${w} ${h}" width="${w}" height="${h}" xmlns="http://www.w3.org/2000/svg">`,
    `<line x1="${pad.l}" y1="${h - pad.b}" x2="${w - pad.r}" y2="${h - pad.b}" stroke="#999"/>`,
    `<text x="${pad.l - 4}" y="${pad.t + 4}" font-size="10" text-anchor="end">${max}</text><text x="${pad.l - 4}" y="${h - pad.b}" font-size="10" text-anchor="end">0</text>`,
    ...legend,
    ...bars,
    ...ticks,
    '</svg>',
  ].join('');
}
