// One cupping session: its samples (blind codes hide the lots until the results), who has scored what, and the
// results — each sample's mean score, the panel's spread, and a radar of the attributes — computed on the phone
// from the synced scores, so the table sees them at once, signal or not.

import { t, label, formatNumber, formatDate } from '../js/i18n.js';
import { h, mount, svg } from '../js/dom.js';
import { lotName } from '../js/records.js';
import * as science from '../js/science/index.js';
import { Screen } from './screen.js';

/** Mean, spread (max − min) and standard deviation of a panel's final scores. */
export function panelStats(values) {
  if (!values.length) return null;
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const sd = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length);
  return { mean, min: Math.min(...values), max: Math.max(...values), spread: Math.max(...values) - Math.min(...values), sd, n: values.length };
}

export class CuppingSession extends Screen {
  async render() {
    const { store, session } = this.app;
    const s = await store.get('cuppingSession', this.params.id);
    if (!s || s.deleted) { mount(this, h('h1', {}, t('cupping.gone'))); return; }
    const [scores, lots] = await Promise.all([
      store.list('cuppingScore').then((x) => x.filter((c) => c.fields.sessionId === s.id)), store.list('lot')]);
    const lotById = new Map(lots.map((l) => [l.id, l]));
    const form = science.form(s.fields.protocol);
    const samples = s.fields.samples || [];
    const me = session.user.id;
    const scored = (code) => scores.filter((c) => c.fields.sampleCode === code);
    const mine = (code) => scored(code).find((c) => c.fields.cupperId === me);
    this.selected = this.selected && samples.some((x) => x.code === this.selected) ? this.selected : samples[0]?.code;
    const revealed = !s.fields.blind || this.reveal;
    mount(this,
      h('h1', {}, s.fields.name || t('cupping.untitled')),
      h('p', { class: 'lead' }, [formatDate(s.fields.sessionDate), t(`protocol.${s.fields.protocol}`), s.fields.blind ? t('cupping.blindShort') : null].filter(Boolean).join(' · ')),
      s.pending ? h('p', { class: 'pending-tag' }, t('sync.notYet')) : null,
      h('section', { 'aria-labelledby': 'cs-samples' },
        h('h2', { id: 'cs-samples' }, t('cupping.samples')),
        h('ul', { class: 'list' }, samples.map((x) => {
          const my = mine(x.code);
          return h('li', { class: 'sample-row' },
            h('span', { class: 'code' }, x.code),
            h('span', { class: 'sub' }, revealed ? lotName(lotById.get(x.lotId)) : t('cupping.hidden'),
              ' · ', t('cupping.cupsScored', { n: scored(x.code).length })),
            h('button', { type: 'button', class: my ? 'secondary' : 'primary', onclick: () => this.app.navigate(`cupping/${s.id}/score/${encodeURIComponent(x.code)}`) },
              my ? t('cupping.editScore', { code: x.code }) : t('cupping.scoreSample', { code: x.code })));
        }))),
      form && form.scoring.kind !== 'none' ? this.#results(s, form, samples, scored, revealed, lotById) : null);
  }

  #results(s, form, samples, scored, revealed, lotById) {
    const rows = samples.map((x) => {
      const finals = scored(x.code).map((c) => c.fields.finalScore ?? safeScore(form, c.fields.scores)).filter(Number.isFinite);
      return { x, stats: panelStats(finals) };
    });
    const any = rows.some((r) => r.stats);
    const chart = h('div', { class: 'chart' });
    const pick = h('select', { id: 'radar-sample', onchange: () => { this.selected = pick.value; this.#radar(chart, form, scored(pick.value)); } },
      samples.map((x) => h('option', { value: x.code, selected: x.code === this.selected }, x.code)));
    const section = h('section', { 'aria-labelledby': 'cs-results' },
      h('h2', { id: 'cs-results' }, t('cupping.results')),
      !any ? h('p', { class: 'empty' }, t('cupping.noScores')) : [
        h('table', { class: 'results' },
          h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('cupping.sample')), h('th', { scope: 'col' }, t('cupping.mean')),
            h('th', { scope: 'col' }, t('cupping.spread')), h('th', { scope: 'col' }, t('cupping.sd')))),
          h('tbody', {}, rows.map(({ x, stats }) => h('tr', {},
            h('th', { scope: 'row' }, x.code, revealed ? h('span', { class: 'sub' }, ' ', lotName(lotById.get(x.lotId))) : null),
            h('td', {}, stats ? formatNumber(stats.mean) : '—'),
            h('td', {}, stats ? `${formatNumber(stats.min)}–${formatNumber(stats.max)}` : '—'),
            h('td', {}, stats ? formatNumber(stats.sd) : '—'))))),
        s.fields.blind && !this.reveal ? h('button', { type: 'button', class: 'secondary', onclick: () => { this.reveal = true; this.render(); } }, t('cupping.reveal')) : null,
        h('div', { class: 'field' }, h('label', { for: 'radar-sample' }, t('cupping.radarFor')), pick),
        chart,
      ]);
    if (any && this.selected) this.#radar(chart, form, scored(this.selected));
    return section;
  }

  #radar(chart, form, scores) {
    const axes = form.sections.filter((x) => x.kind === 'quality' || x.kind === 'intensity').map((x) => ({ key: x.key, label: label(x.label) }));
    const series = scores.map((c, i) => ({ label: c.fields.guestName || t('cupping.cupperN', { n: i + 1 }), values: c.fields.scores || {} }));
    if (series.length > 1) {
      const mean = {};
      for (const a of axes) {
        const v = series.map((x) => x.values[a.key]).filter(Number.isFinite);
        mean[a.key] = v.length ? v.reduce((p, q) => p + q, 0) / v.length : null;
      }
      series.unshift({ label: t('cupping.panelMean'), values: mean });
    }
    const q = form.sections.find((x) => x.kind === 'quality' || x.kind === 'intensity');
    import('../js/charts/radar.js').then(({ radarChart }) => {
      chart.replaceChildren(svg(radarChart({ axes, series, min: q?.min ?? 0, max: q?.max ?? 10, ariaLabel: t('cupping.radarLabel') })));
    }).catch((e) => this.app.fail(e));
  }
}

function safeScore(form, scores) {
  try { return science.scoreCupping(form, scores || {}).finalScore; } catch { return NaN; }
}

customElements.define('kf-cupping-session', CuppingSession);
