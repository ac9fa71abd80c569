// One lot: what it is, its genealogy (parents and children with yields), its gradings, its cup scores over time
// and its roasts. Records come from the phone; the genealogy walk and the passport link need the server.

import { t, formatNumber, formatDate, label } from '../js/i18n.js';
import { h, mount, svg } from '../js/dom.js';
import { farmName, lotName, newestFirst } from '../js/records.js';
import { Screen } from './screen.js';

export class LotDetail extends Screen {
  async render() {
    const { store } = this.app;
    const lot = await store.get('lot', this.params.id);
    if (!lot || lot.deleted) { mount(this, h('h1', {}, t('lot.gone')), h('p', {}, h('a', { href: '#/lots' }, t('action.backToList')))); return; }
    const [farm, gradings, scores, sessions, roasts] = await Promise.all([
      lot.fields.farmId ? store.get('farm', lot.fields.farmId) : null,
      store.list('grading').then((x) => newestFirst(x.filter((g) => g.fields.lotId === lot.id), 'gradedOn')),
      store.list('cuppingScore').then((x) => x.filter((s) => s.fields.lotId === lot.id)),
      store.list('cuppingSession'),
      store.list('roastBatch').then((x) => newestFirst(x.filter((r) => r.fields.lotId === lot.id), 'roastedAt')),
    ]);
    const f = lot.fields;
    const facts = [
      [t('lot.farm'), farm ? h('a', { href: `#/farms/${farm.id}` }, farmName(farm)) : ''],
      [t('lot.species'), t(`species.${f.species}`)],
      [t('lot.stage'), t(`stage.${f.stage}`)],
      [t('lot.variety'), f.variety],
      [t('lot.process'), f.process ? t(`process.${f.process}`) : ''],
      [t('lot.harvestDate'), formatDate(f.harvestDate)],
      [t('lot.weight'), f.weightKg != null ? `${formatNumber(f.weightKg)}${f.initialWeightKg != null ? ` / ${formatNumber(f.initialWeightKg)}` : ''}` : ''],
      [t('lot.notes'), f.notes],
    ].filter(([, v]) => v);
    this.genealogy = this.genealogy || h('div', { class: 'genealogy' });
    mount(this,
      h('div', { class: 'title-row' },
        h('h1', {}, lotName(lot)),
        h('button', { type: 'button', class: 'primary', onclick: () => this.app.navigate(`lots/${lot.id}/edit`) }, t('action.edit'))),
      lot.pending ? h('p', { class: 'pending-tag' }, t('sync.notYet')) : null,
      h('dl', { class: 'facts' }, facts.map(([k, v]) => [h('dt', {}, k), h('dd', {}, v)])),
      h('div', { class: 'actions' },
        h('button', { type: 'button', class: 'secondary', onclick: () => this.app.navigate(`grading/new?lot=${lot.id}`) }, t('lot.gradeIt')),
        h('button', { type: 'button', class: 'secondary', onclick: () => this.app.navigate(`roasts/new?lot=${lot.id}`) }, t('lot.roastIt'))),
      this.#scores(scores, new Map(sessions.map((x) => [x.id, x]))),
      h('section', { 'aria-labelledby': 'lot-gradings' },
        h('h2', { id: 'lot-gradings' }, t('lot.gradings')),
        gradings.length ? h('ul', { class: 'list' }, gradings.map((g) => h('li', {}, h('a', { class: 'row', href: `#/grading/${g.id}` },
          h('span', { class: 'main' }, formatDate(g.fields.gradedOn || g.updatedAt) || t('record.unsaved')),
          h('span', { class: 'sub' }, [g.fields.grade ? t(`grade.${g.fields.grade}`) : null, g.fields.totalFullDefects != null ? t('grading.fullDefectsN', { n: g.fields.totalFullDefects }) : null,
            g.fields.moisturePct != null ? `${formatNumber(g.fields.moisturePct, 1)} %` : null].filter(Boolean).join(' · ')))))) : h('p', { class: 'empty' }, t('lot.noGradings'))),
      h('section', { 'aria-labelledby': 'lot-roasts' },
        h('h2', { id: 'lot-roasts' }, t('lot.roasts')),
        roasts.length ? h('ul', { class: 'list' }, roasts.map((r) => h('li', {}, h('a', { class: 'row', href: `#/roasts/${r.id}` },
          h('span', { class: 'main' }, formatDate(r.fields.roastedAt) || t('roast.undated')),
          h('span', { class: 'sub' }, [r.fields.machine, r.fields.dtrPct != null ? `DTR ${formatNumber(r.fields.dtrPct, 1)} %` : null].filter(Boolean).join(' · ')))))) : h('p', { class: 'empty' }, t('lot.noRoasts'))),
      h('section', { 'aria-labelledby': 'lot-genealogy' },
        h('h2', { id: 'lot-genealogy' }, t('lot.genealogy')), this.genealogy),
      h('section', { 'aria-labelledby': 'lot-passport' },
        h('h2', { id: 'lot-passport' }, t('lot.passport')),
        h('p', { class: 'hint' }, t('lot.passportHint')),
        h('button', { type: 'button', class: 'secondary', onclick: (e) => this.share(lot, e.target) }, t('lot.share'))));
    if (!this.genealogyLoaded) { this.genealogyLoaded = true; this.#loadGenealogy(lot); }
  }

  #scores(scores, sessions) {
    // Each score at its session's date (when the coffee was cupped), not when the record was last touched.
    const when = (s) => Date.parse(`${sessions.get(s.fields.sessionId)?.fields.sessionDate || ''}T00:00:00Z`) || Date.parse(s.updatedAt || '') || Date.now();
    const points = scores.filter((s) => Number.isFinite(s.fields.finalScore)).map((s) => ({
      x: when(s), y: s.fields.finalScore, label: s.fields.sampleCode,
    })).sort((a, b) => a.x - b.x);
    const body = [];
    if (points.length) {
      const mean = points.reduce((a, p) => a + p.y, 0) / points.length;
      body.push(h('p', {}, t('lot.cupMean', { score: formatNumber(mean), n: points.length })));
      body.push(h('div', { class: 'chart', 'data-chart': 'trend' }));
    } else body.push(h('p', { class: 'empty' }, t('lot.noScores')));
    const section = h('section', { 'aria-labelledby': 'lot-scores' }, h('h2', { id: 'lot-scores' }, t('lot.cupScores')), body);
    if (points.length) {
      import('../js/charts/trend.js').then(({ trendChart }) => {
        section.querySelector('.chart')?.replaceChildren(svg(trendChart({
          points, ariaLabel: t('lot.cupScoresChart'), formatX: (ms) => formatDate(ms),
          bands: [{ from: 80, to: 84.99, label: t('band.veryGood') }, { from: 85, to: 89.99, label: t('band.excellent') }, { from: 90, to: 100, label: t('band.outstanding') }],
        })));
      }).catch((e) => this.app.fail(e));
    }
    return section;
  }

  async #loadGenealogy(lot) {
    if (lot.version === null) { mount(this.genealogy, h('p', { class: 'hint' }, t('sync.afterSync'))); return; }
    mount(this.genealogy, h('p', { class: 'hint' }, t('state.loading')));
    try {
      const g = await this.app.api.get(`/api/v1/lots/${lot.id}/genealogy`);
      const row = (n) => h('li', {}, h('a', { href: `#/lots/${n.id}` }, n.code || ''), ' ',
        h('span', { class: 'sub' }, [n.operation ? t(`operation.${n.operation}`) : null, n.yieldPct != null ? t('lot.yield', { pct: formatNumber(n.yieldPct, 1) }) : null].filter(Boolean).join(' · ')));
      const parents = g.ancestors || g.parents || [];
      const children = g.descendants || g.children || [];
      mount(this.genealogy,
        h('h3', {}, t('lot.parents')), parents.length ? h('ul', {}, parents.map(row)) : h('p', { class: 'empty' }, t('lot.none')),
        h('h3', {}, t('lot.children')), children.length ? h('ul', {}, children.map(row)) : h('p', { class: 'empty' }, t('lot.none')));
    } catch (e) {
      mount(this.genealogy, h('p', { class: 'hint' }, e.status === 0 ? t('state.needsConnection') : (e.message || '')));
    }
  }

  async share(lot, button) {
    if (lot.version === null) { this.app.fail({ messageTh: t('sync.afterSync'), messageEn: t('sync.afterSync') }); return; }
    button.disabled = true;
    try {
      const p = await this.app.api.post(`/api/v1/lots/${lot.id}/passport`, {});
      const url = p.url || p.publicUrl || (p.token ? `${location.origin}/p/${p.token}` : '');
      if (navigator.share) await navigator.share({ title: lotName(lot), url }).catch(() => {});
      const out = h('p', { class: 'share' }, h('a', { href: url, target: '_blank', rel: 'noopener' }, url));
      if (p.token) out.append(h('img', { src: `/p/${p.token}/qr.svg`, alt: t('lot.qr'), width: 160, height: 160 }));
      button.after(out);
    } catch (e) {
      this.app.fail(e);
    } finally {
      button.disabled = false;
    }
  }
}

customElements.define('kf-lot-detail', LotDetail);
