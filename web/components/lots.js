// The lots: search by code, variety or farm, filter by stage and species. A co-op holds thousands of lots, so the
// list grows as the person scrolls near its end, a few rows per animation frame: building a whole page of rows in
// one frame is what makes a cheap phone stutter, a handful per frame never does.

import { t, formatNumber } from '../js/i18n.js';
import { h, mount, field, select } from '../js/dom.js';
import { farmName, lotName, sortBy, choices, STAGES, SPECIES } from '../js/records.js';
import { Screen } from './screen.js';

const PAGE = 60;
/** Rows built per animation frame (about 1 ms each on a cheap phone). */
const ROWS_PER_FRAME = 6;

export class Lots extends Screen {
  filters = { q: '', stage: '', species: '' };

  async render() {
    const [lots, farms] = await Promise.all([this.app.store.list('lot'), this.app.store.list('farm')]);
    this.farms = new Map(farms.map((f) => [f.id, f]));
    this.all = sortBy(lots, lotName).reverse();
    if (!this.form) { this.#build(); this.#apply(); return; }
    // New data while the person is scrolling: redraw as far down as they had come and keep their place.
    const keep = this.drawn;
    const y = scrollY;
    this.#apply();
    this.target = Math.min(this.shown.length, Math.max(this.target, keep));
    this.#fill(this.target - this.drawn);
    scrollTo(0, y);
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
    this.observer = new IntersectionObserver((entries) => { if (entries.some((e) => e.isIntersecting)) this.#page(); }, { rootMargin: '1500px' });
    this.observer.observe(this.sentinel);
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    this.observer?.disconnect();
    cancelAnimationFrame(this.frame);
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
    this.target = 0;
    cancelAnimationFrame(this.frame);
    this.frame = 0;
    this.list.replaceChildren();
    this.count.textContent = t(this.shown.length === 1 ? 'lots.countOne' : 'lots.count', { n: this.shown.length });
    // The first screenful at once; the rest as the person scrolls.
    this.target = Math.min(this.shown.length, 12);
    this.#fill(this.target);
    this.#page();
  }

  /** Asks for the next page of rows; they are built over the next frames. */
  #page() {
    this.target = Math.min(this.shown.length, Math.max(this.target, this.drawn) + PAGE);
    this.more.hidden = this.target >= this.shown.length;
    if (!this.frame) this.frame = requestAnimationFrame(() => this.#step());
  }

  #step() {
    this.frame = 0;
    this.#fill(ROWS_PER_FRAME);
    if (this.drawn < this.target) this.frame = requestAnimationFrame(() => this.#step());
  }

  #fill(n) {
    const next = this.shown.slice(this.drawn, Math.min(this.target, this.drawn + n));
    this.drawn += next.length;
    if (next.length) this.list.append(...next.map((l) => this.#row(l)));
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
