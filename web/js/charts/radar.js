/**
 * Cupping attributes on a spider chart. A cupper reads a profile faster as a shape than as a table: a lopsided
 * polygon shows at once which attributes pulled the cup down, and overlaid cuppers (or a cupper against the
 * panel mean) show where a panel disagrees. The scale is the form's (SCA 2004 attributes 6–10, CVA 1–9), so
 * the centre is the form's minimum, not zero.
 *
 * A missing score is not drawn as a zero (that would read as a terrible cup): the polygon is left open on
 * either side of it and only the scored attributes carry a dot.
 */
import {
  WIDTH, FONT_SIZE, INK, seriesStyle, esc, num, clamp, isFiniteNumber, extent, niceStep, tickText,
  fitText, textBlock, text, line, open, legend, emptyNote,
} from './svg.js';

const RADIUS = 100;
const LABEL_GAP = 8;
const LINE = FONT_SIZE + 2;
const TOP = LABEL_GAP + 2 * LINE + 6; // room above the top spoke for a two-line label

/**
 * @param {object} o
 * @param {{key: string, label: string}[]} o.axes  attributes, drawn clockwise from the top
 * @param {{label: string, values: Object<string, number|null>}[]} o.series  one per cupper, or the mean
 * @param {number} [o.min]  value at the centre (the form's lowest score); else from the data
 * @param {number} [o.max]  value on the outer ring (the form's highest score); else from the data
 * @param {string} o.ariaLabel  what the chart shows, already translated
 * @param {string} [o.emptyLabel]  shown in the middle when there is nothing to draw
 * @returns {string} SVG markup
 */
export function radarChart({ axes = [], series = [], min, max, ariaLabel = '', emptyLabel = '' } = {}) {
  const axisList = (Array.isArray(axes) ? axes : []).filter((a) => a && (typeof a.key === 'string' || isFiniteNumber(a.key)));
  const seriesList = (Array.isArray(series) ? series : []).filter((s) => s && typeof s === 'object');
  const n = axisList.length;
  const value = (s, key) => { const v = s.values?.[key]; return isFiniteNumber(v) ? v : null; };

  const all = seriesList.flatMap((s) => axisList.map((a) => value(s, a.key))).filter((v) => v !== null);
  const range = extent(all);
  let lo = isFiniteNumber(min) ? min : (range ? Math.floor(range[0]) : 0);
  let hi = isFiniteNumber(max) ? max : (range ? Math.ceil(range[1]) : 10);
  if (!(hi > lo)) { lo = Math.min(lo, hi); hi = lo + 1; }

  const cx = WIDTH / 2;
  const cy = TOP + RADIUS;
  const angle = (i) => -Math.PI / 2 + (2 * Math.PI * i) / Math.max(1, n);
  const at = (i, r) => [cx + r * Math.cos(angle(i)), cy + r * Math.sin(angle(i))];
  const radius = (v) => RADIUS * clamp((v - lo) / (hi - lo), 0, 1);
  const pts = (list) => list.map(([x, y]) => `${num(x)},${num(y)}`).join(' ');
  const parts = [];

  // Grid: a ring (a polygon, as the spokes make one) per tick, the outer ring at the maximum; spokes.
  // Rings count up from the centre's value (CVA 1–9: 3, 5, 7, 9), the last one always at the maximum.
  const step = niceStep(hi - lo, 4);
  const levels = [];
  for (let k = 1; lo + k * step < hi - step / 2 && k < 20; k += 1) levels.push(Number((lo + k * step).toFixed(6)));
  levels.push(hi);
  const grid = [];
  for (const t of levels) {
    const r = radius(t);
    grid.push(n >= 3
      ? `<polygon points="${pts(axisList.map((_, i) => at(i, r)))}"/>`
      : `<circle cx="${num(cx)}" cy="${num(cy)}" r="${num(r)}"/>`);
  }
  for (let i = 0; i < n; i += 1) {
    const [x, y] = at(i, RADIUS);
    grid.push(line(cx, cy, x, y));
  }
  parts.push(`<g class="grid" fill="none" stroke="${INK.grid}" stroke-width="1">${grid.join('')}</g>`);
  // Ring values up the top spoke, with a white halo where a series crosses them.
  const ringText = levels.map((t) => text(cx + 3, cy - radius(t) + 10, tickText(t, levels))).join('');
  parts.push(`<g class="ticks" fill="${INK.muted}" font-size="9" stroke="#ffffff" stroke-width="3" paint-order="stroke">${ringText}</g>`);

  // Labels around the edge, anchored away from the centre and wrapped to the room left before the edge.
  const labels = axisList.map((a, i) => {
    const [x, y] = at(i, RADIUS + LABEL_GAP);
    const cos = Math.cos(angle(i));
    const sin = Math.sin(angle(i));
    const anchor = cos > 0.2 ? 'start' : cos < -0.2 ? 'end' : 'middle';
    const room = anchor === 'start' ? WIDTH - 4 - x : anchor === 'end' ? x - 4 : Math.min(150, 2 * Math.min(x - 4, WIDTH - 4 - x));
    const fitted = fitText(a.label ?? a.key, Math.max(24, room), FONT_SIZE, 2);
    const k = fitted.lines.length;
    const y0 = sin < -0.2 ? y - (k - 1) * LINE - 1 : sin > 0.2 ? y + FONT_SIZE - 1 : y + 4 - ((k - 1) * LINE) / 2;
    return textBlock(x, y0, fitted, a.label ?? a.key, anchor === 'start' ? '' : ` text-anchor="${anchor}"`, LINE);
  });
  parts.push(`<g class="axis-labels">${labels.join('')}</g>`);

  // Series: a closed polygon when every attribute is scored, else the runs between scored neighbours.
  let drawn = 0;
  seriesList.forEach((s, si) => {
    const { color, dash } = seriesStyle(si);
    const vals = axisList.map((a) => value(s, a.key));
    const points = vals.map((v, i) => (v === null ? null : at(i, radius(v))));
    if (!points.some(Boolean)) return;
    drawn += 1;
    const stroke = ` stroke="${color}" stroke-width="2" stroke-linejoin="round"${dash ? ` stroke-dasharray="${dash}"` : ''}`;
    let shape;
    if (n >= 3 && points.every(Boolean)) {
      shape = `<polygon points="${pts(points)}" fill="${color}" fill-opacity="0.08"${stroke}/>`;
    } else {
      const segs = [];
      for (let i = 0; i < n; i += 1) {
        const a = points[i];
        const b = points[(i + 1) % n];
        if (a && b && (n > 2 || i === 0)) segs.push(`M${num(a[0])} ${num(a[1])}L${num(b[0])} ${num(b[1])}`);
      }
      shape = segs.length ? `<path d="${segs.join('')}" fill="none"${stroke}/>` : '';
    }
    const tip = (i) => `${s.label ?? ''} · ${axisList[i].label ?? axisList[i].key}: ${num(vals[i], 2)}`;
    const dots = points.map((p, i) => (p ? `<circle cx="${num(p[0])}" cy="${num(p[1])}" r="2.5"><title>${esc(tip(i))}</title></circle>` : '')).join('');
    parts.push(`<g class="series" fill="${color}">${shape}${dots}</g>`);
  });
  if (!drawn) parts.push(emptyNote(emptyLabel, cx, cy + 4));

  let height = cy + RADIUS + TOP;
  if (seriesList.length > 1) {
    const l = legend(seriesList.map((s, i) => ({ label: s.label ?? '', ...seriesStyle(i) })), height - 8);
    parts.push(l.markup);
    height += l.height - 8;
  }
  return `${open('radar', WIDTH, height, ariaLabel)}${parts.join('')}</svg>`;
}
