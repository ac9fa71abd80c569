// The lots: search by code, variety or farm, filter by stage and species. A co-op holds thousands of lots: a short
// list is drawn whole, a long one as a window of fixed-height rows around what the screen shows, with spacers for
// the rest, so scrolling (or jumping) through 2,000 lots builds a handful of rows a frame on a cheap phone. Each row
// tells assistive technology its place in the whole list (aria-posinset / aria-setsize).

import { t, formatNumber } from '../js/i18n.js';
import { h, mount, field, select } from '../js/dom.js';
import { farmName, lotName, sortBy, choices, STAGES, SPECIES } from '../js/records.js';
import { Screen } from './screen.js';

/** Up to this many lots the list is drawn whole (every lot findable by name on the page). */
const WHOLE = 150;
/** The fixed height of a row in a windowed list, in CSS pixels (.list.windowed > li in app.css). */
const ROW_PX = 64;
/** Rows drawn above and below the screen. */
const OVERSCAN = 12;

export class Lots extends Screen {
  filters = { q: '', stage: '', species: '' };
  rows = new Map();

  async render() {
    const [lots, farms] = await Promise.all([this.app.store.list('lot'), this.app.store.list('farm')]);
    this.farms = new Map(farms.map((f) => [f.id, f]));
    this.all = sortBy(lots, lotName).reverse();
    this.rows.clear();
    if (!this.form) this.#build();
    const y = scrollY;
    this.#apply();
    scrollTo(0, y);
  }

  #build() {
    const q = h('input', { type: 'search', name: 'q', autocomplete: 'off', oninput: () => { this.filters.q = q.value; this.#apply(); } });
    const stage = select('stage', choices(STAGES, 'stage', 'lots.anyStage'), '', { onchange: () => { this.filters.stage = stage.value; this.#apply(); } });
    const species = select('species', choices(SPECIES, 'species', 'lots.anySpecies'), '', { onchange: () => { this.filters.species = species.value; this.#apply(); } });
    this.count = h('p', { class: 'hint', 'aria-live': 'polite' });
    this.list = h('ul', { class: 'list lots' });
    this.form = h('form', { class: 'filters', role: 'search', onsubmit: (e) => e.preventDefault() },
      field(t('lots.search'), q), h('div', { class: 'two' }, field(t('lots.stage'), stage), field(t('lots.species'), species)));
    mount(this,
      h('div', { class: 'title-row' },
        h('h1', {}, t('lots.title')),
        h('button', { type: 'button', class: 'primary', onclick: () => this.app.navigate('lots/new') }, t('lots.new'))),
      this.form, this.count, this.list);
    this.onScroll = () => { if (!this.frame) this.frame = requestAnimationFrame(() => { this.frame = 0; this.#window(); }); };
    addEventListener('scroll', this.onScroll, { passive: true });
    addEventListener('resize', this.onScroll, { passive: true });
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    removeEventListener('scroll', this.onScroll);
    removeEventListener('resize', this.onScroll);
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
    this.count.textContent = t(this.shown.length === 1 ? 'lots.countOne' : 'lots.count', { n: this.shown.length });
    this.windowed = this.shown.length > WHOLE;
    this.list.classList.toggle('windowed', this.windowed);
    this.drawnRange = null;
    if (!this.windowed) {
      this.list.style.paddingTop = '';
      this.list.style.paddingBottom = '';
      this.list.replaceChildren(...this.shown.map((l, i) => this.#row(l, i)));
      return;
    }
    this.#window();
  }

  /** Draws the rows around the screen, reusing the ones already built. */
  #window() {
    if (!this.windowed) return;
    const n = this.shown.length;
    const top = this.list.getBoundingClientRect().top + scrollY;
    const first = Math.max(0, Math.floor((scrollY - top) / ROW_PX) - OVERSCAN);
    const last = Math.min(n, Math.ceil((scrollY - top + innerHeight) / ROW_PX) + OVERSCAN);
    if (this.drawnRange && this.drawnRange[0] === first && this.drawnRange[1] === last) return;
    this.drawnRange = [first, last];
    this.list.style.paddingTop = `${first * ROW_PX}px`;
    this.list.style.paddingBottom = `${Math.max(0, n - last) * ROW_PX}px`;
    const items = [];
    for (let i = first; i < last; i++) {
      const l = this.shown[i];
      let row = this.rows.get(l.id);
      if (!row) { row = this.#row(l, i); this.rows.set(l.id, row); }
      row.setAttribute('aria-posinset', String(i + 1));
      row.setAttribute('aria-setsize', String(n));
      items.push(row);
    }
    this.list.replaceChildren(...items);
  }

  #row(l, i) {
    const f = l.fields;
    const sub = [t(`stage.${f.stage}`), t(`species.${f.species}`), f.weightKg != null ? `${formatNumber(f.weightKg)} kg` : null,
      farmName(this.farms.get(f.farmId)), f.latestGrade ? t(`grade.${f.latestGrade}`) : null,
      f.latestCupScore != null ? formatNumber(f.latestCupScore) : null].filter(Boolean).join(' · ');
    return h('li', { 'aria-posinset': i + 1, 'aria-setsize': this.shown.length }, h('a', { class: 'row', href: `#/lots/${l.id}`, 'aria-labelledby': `lot-${l.id}`, 'aria-describedby': `lot-${l.id}-sub` },
      h('span', { class: 'main', id: `lot-${l.id}` }, lotName(l)),
      h('span', { class: 'sub', id: `lot-${l.id}-sub` }, sub),
      l.pending ? h('span', { class: 'pending-tag' }, t('sync.notYet')) : null));
  }
}

customElements.define('kf-lots', Lots);
