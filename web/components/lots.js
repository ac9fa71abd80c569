// The lots: search by code, variety or farm, filter by stage and species. A co-op holds thousands of lots, so the
// list draws a page at a time and the next page as the person scrolls near the end (no jank on a cheap phone).

import { t, formatNumber } from '../js/i18n.js';
import { h, mount, field, select } from '../js/dom.js';
import { farmName, lotName, sortBy, choices, STAGES, SPECIES } from '../js/records.js';
import { Screen } from './screen.js';

const PAGE = 60;

export class Lots extends Screen {
  filters = { q: '', stage: '', species: '' };

  async render() {
    const [lots, farms] = await Promise.all([this.app.store.list('lot'), this.app.store.list('farm')]);
    this.farms = new Map(farms.map((f) => [f.id, f]));
    this.all = sortBy(lots, lotName).reverse();
    if (!this.form) this.#build();
    this.#apply();
  }

  #build() {
    const q = h('input', { type: 'search', name: 'q', autocomplete: 'off', oninput: () => { this.filters.q = q.value; this.#apply(); } });
    const stage = select('stage', choices(STAGES, 'stage', 'lots.anyStage'), '', { onchange: () => { this.filters.stage = stage.value; this.#apply(); } });
    const species = select('species', choices(SPECIES, 'species', 'lots.anySpecies'), '', { onchange: () => { this.filters.species = species.value; this.#apply(); } });
    this.count = h('p', { class: 'hint', 'aria-live': 'polite' });
    this.list = h('ul', { class: 'list lots' });
    this.sentinel = h('div', { class: 'sentinel', 'aria-hidden': 'true' });
    this.more = h('button', { type: 'button', class: 'secondary wide', hidden: true, onclick: () => this.#page() }, t('action.showMore'));
    this.form = h('form', { class: 'filters', role: 'search', onsubmit: (e) => e.preventDefault() },
      field(t('lots.search'), q), h('div', { class: 'two' }, field(t('lots.stage'), stage), field(t('lots.species'), species)));
    mount(this,
      h('div', { class: 'title-row' },
        h('h1', {}, t('lots.title')),
        h('button', { type: 'button', class: 'primary', onclick: () => this.app.navigate('lots/new') }, t('lots.new'))),
      this.form, this.count, this.list, this.sentinel, this.more);
    this.observer = new IntersectionObserver((entries) => { if (entries.some((e) => e.isIntersecting)) this.#page(); }, { rootMargin: '600px' });
    this.observer.observe(this.sentinel);
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    this.observer?.disconnect();
  }

  #apply() {
    const q = this.filters.q.trim().toLowerCase();
    this.shown = this.all.filter((l) => {
      const f = l.fields;
      if (this.filters.stage && f.stage !== this.filters.stage) return false;
      if (this.filters.species && f.species !== this.filters.species) return false;
      if (!q) return true;
      return [f.code, f.variety, farmName(this.farms.get(f.farmId)), f.cropYear].some((v) => v && String(v).toLowerCase().includes(q));
    });
    this.drawn = 0;
    this.list.replaceChildren();
    this.count.textContent = t('lots.count', { n: this.shown.length });
    this.#page();
  }

  #page() {
    const next = this.shown.slice(this.drawn, this.drawn + PAGE);
    this.drawn += next.length;
    this.list.append(...next.map((l) => this.#row(l)));
    this.more.hidden = this.drawn >= this.shown.length;
  }

  #row(l) {
    const f = l.fields;
    const sub = [t(`stage.${f.stage}`), t(`species.${f.species}`), f.weightKg != null ? `${formatNumber(f.weightKg)} kg` : null,
      farmName(this.farms.get(f.farmId)), f.latestGrade ? t(`grade.${f.latestGrade}`) : null,
      f.latestCupScore != null ? formatNumber(f.latestCupScore) : null].filter(Boolean).join(' · ');
    return h('li', {}, h('a', { class: 'row', href: `#/lots/${l.id}`, 'aria-labelledby': `lot-${l.id}`, 'aria-describedby': `lot-${l.id}-sub` },
      h('span', { class: 'main', id: `lot-${l.id}` }, lotName(l)),
      h('span', { class: 'sub', id: `lot-${l.id}-sub` }, sub),
      l.pending ? h('span', { class: 'pending-tag' }, t('sync.notYet')) : null));
  }
}

customElements.define('kf-lots', Lots);
