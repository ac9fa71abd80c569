// One farm: where it is, how high, who owns it, and its lots.

import { t, formatNumber, formatDateTime } from '../js/i18n.js';
import { h, mount } from '../js/dom.js';
import { farmName, lotName, sortBy } from '../js/records.js';
import { provinceLabel } from '../js/provinces.js';
import { Screen } from './screen.js';

export class FarmDetail extends Screen {
  async render() {
    const { store } = this.app;
    const farm = await store.get('farm', this.params.id);
    if (!farm || farm.deleted) { mount(this, h('h1', {}, t('farm.gone')), h('p', {}, h('a', { href: '#/farms' }, t('action.backToList')))); return; }
    const lots = sortBy((await store.list('lot')).filter((l) => l.fields.farmId === farm.id), lotName);
    const f = farm.fields;
    const facts = [
      [t('farm.province'), provinceLabel(f.province)],
      [t('farm.district'), f.district],
      [t('farm.altitude'), f.altitudeM != null ? formatNumber(f.altitudeM, 0) : ''],
      [t('farm.owner'), f.owner],
      [t('farm.location'), f.latitude != null && f.longitude != null ? `${formatNumber(f.latitude, 5)}, ${formatNumber(f.longitude, 5)}` : ''],
      [t('farm.notes'), f.notes],
    ].filter(([, v]) => v !== null && v !== undefined && v !== '');
    mount(this,
      h('div', { class: 'title-row' },
        h('h1', {}, farmName(farm)),
        h('button', { type: 'button', class: 'primary', onclick: () => this.app.navigate(`farms/${farm.id}/edit`) }, t('action.edit'))),
      farm.pending ? h('p', { class: 'pending-tag' }, t('sync.notYet')) : null,
      h('dl', { class: 'facts' }, facts.map(([k, v]) => [h('dt', {}, k), h('dd', {}, v)])),
      farm.updatedAt ? h('p', { class: 'hint' }, t('record.updated', { when: formatDateTime(farm.updatedAt) })) : null,
      h('section', { 'aria-labelledby': 'farm-lots' },
        h('div', { class: 'title-row' },
          h('h2', { id: 'farm-lots' }, t('farm.lots')),
          h('button', { type: 'button', class: 'secondary', onclick: () => this.app.navigate(`lots/new?farm=${farm.id}`) }, t('lots.new'))),
        lots.length ? h('ul', { class: 'list' }, lots.map((l) => h('li', {}, h('a', { class: 'row', href: `#/lots/${l.id}` },
          h('span', { class: 'main' }, lotName(l)), h('span', { class: 'sub' }, t(`stage.${l.fields.stage}`)))))) : h('p', { class: 'empty' }, t('farm.noLots'))));
  }
}

customElements.define('kf-farm-detail', FarmDetail);
