// What the roast screens show of a roast: the curve chart and the figures roasters read first (DTR, development,
// weight loss, phase RoR), from a stored batch or a freshly parsed Artisan log alike.

import { t, formatNumber } from './i18n.js';
import { h, svg } from './dom.js';
import { mmss as clock } from './charts/roastCurve.js';

/** Seconds as m:ss, the chart's own format (rounded before splitting, so 119.6 s is 2:00), or — when unknown. */
export const mmss = (s) => (Number.isFinite(s) ? clock(s) : '—');

/** Figures of a roast as a definition list. `r` has events, ror, dtrPct, weightLossPct, developmentS, totalS, unit. */
export function roastFigures(stored) {
  const r = withDerived(stored);
  const e = r.events || {};
  const deg = r.unit === 'F' ? '°F' : '°C';
  const rows = [
    [t('roast.dtr'), Number.isFinite(r.dtrPct) ? `${formatNumber(r.dtrPct, 1)} %` : '—'],
    [t('roast.development'), mmss(r.developmentS ?? (Number.isFinite(e.dropS) && Number.isFinite(e.firstCrackS) ? e.dropS - e.firstCrackS : NaN))],
    [t('roast.total'), mmss(r.totalS ?? e.dropS)],
    [t('roast.weightLoss'), Number.isFinite(r.weightLossPct) ? `${formatNumber(r.weightLossPct, 1)} %` : '—'],
    [t('roast.firstCrack'), Number.isFinite(e.firstCrackS) ? `${mmss(e.firstCrackS)}${Number.isFinite(e.firstCrackBt) ? ` · ${formatNumber(e.firstCrackBt, 1)} ${deg}` : ''}` : '—'],
    [t('roast.drop'), Number.isFinite(e.dropS) ? `${mmss(e.dropS)}${Number.isFinite(e.dropBt) ? ` · ${formatNumber(e.dropBt, 1)} ${deg}` : ''}` : '—'],
    [t('roast.rorPhases'), ['dry', 'mid', 'finish'].map((k) => (Number.isFinite(r.ror?.[k]) ? formatNumber(r.ror[k], 1) : '—')).join(' / ') + ` ${deg}/min`],
  ];
  return h('dl', { class: 'facts' }, rows.map(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]));
}

/** The BT/ET/RoR chart with event markers, drawn when the chart module has loaded. */
export function roastChart(r, fail) {
  const box = h('div', { class: 'chart' });
  const c = r.curve;
  if (!c || !Array.isArray(c.timeS) || !c.timeS.length) return box;
  import('./charts/roastCurve.js').then(({ roastCurveChart }) => {
    box.replaceChildren(svg(roastCurveChart({
      timeS: c.timeS, bt: c.bt || [], et: c.et || [], ror: c.ror || [], events: r.events || {}, unit: r.unit || 'C',
      labels: {
        bt: t('roast.bt'), et: t('roast.et'), ror: t('roast.ror'), time: t('roast.time'),
        events: { chargeS: t('roast.ev.charge'), turningPointS: t('roast.ev.tp'), dryEndS: t('roast.ev.dryEnd'), firstCrackS: t('roast.ev.fc'), firstCrackEndS: t('roast.ev.fcEnd'), secondCrackS: t('roast.ev.sc'), dropS: t('roast.ev.drop') },
      },
      ariaLabel: t('roast.chartLabel'),
    })));
  }).catch(fail);
  return box;
}

/**
 * A batch not yet back from the server lacks the figures the server derives; they follow from its events (seconds
 * from CHARGE) and weights by DESIGN §7's formulas, for display until the server's own arrive.
 */
export function withDerived(r) {
  const e = r.events || {};
  const out = { ...r };
  if (!Number.isFinite(out.dtrPct) && Number.isFinite(e.dropS) && Number.isFinite(e.firstCrackS) && e.dropS > 0) {
    out.dtrPct = ((e.dropS - e.firstCrackS) / e.dropS) * 100;
  }
  if (!Number.isFinite(out.weightLossPct) && out.greenWeightKg > 0 && Number.isFinite(out.roastedWeightKg)) {
    out.weightLossPct = ((out.greenWeightKg - out.roastedWeightKg) / out.greenWeightKg) * 100;
  }
  return out;
}
