// The farms of the organization: each by its name, tapping it opens it; "New farm" to register one.

import { t, formatNumber } from '../js/i18n.js';
import { h, mount } from '../js/dom.js';
import { farmName, sortBy } from '../js/records.js';
import { provinceLabel } from '../js/provinces.js';
import { Screen } from './screen.js';

export class Farms extends Screen {
  async render() {
    const farms = sortBy(await this.app.store.list('farm'), farmName);
    mount(this,
      h('div', { class: 'title-row' },
        h('h1', {}, t('farms.title')),
        h('button', { type: 'button', class: 'primary', onclick: () => this.app.navigate('farms/new') }, t('farms.new'))),
      farms.length ? null : h('p', { class: 'empty' }, t('farms.empty')),
      // Each link is named by the farm's name alone (the details describe it), so "tap the farm called X" works.
      h('ul', { class: 'list' }, farms.map((f) => h('li', {},
        h('a', { class: 'row', href: `#/farms/${f.id}`, 'aria-labelledby': `farm-${f.id}`, 'aria-describedby': `farm-${f.id}-sub` },
          h('span', { class: 'main', id: `farm-${f.id}` }, farmName(f)),
          h('span', { class: 'sub', id: `farm-${f.id}-sub` }, [provinceLabel(f.fields.province), f.fields.altitudeM != null ? `${formatNumber(f.fields.altitudeM, 0)} ${t('unit.masl')}` : null].filter(Boolean).join(' · ')),
          f.pending ? h('span', { class: 'pending-tag' }, t('sync.notYet')) : null)))));
  }
}

customElements.define('kf-farms', Farms);
