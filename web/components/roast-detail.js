// One roast batch: the curve (BT, ET, RoR, events) and its figures.

import { t, formatDateTime, formatNumber } from '../js/i18n.js';
import { h, mount } from '../js/dom.js';
import { lotName } from '../js/records.js';
import { roastFigures, roastChart } from '../js/roast-view.js';
import { Screen } from './screen.js';

export class RoastDetail extends Screen {
  async render() {
    const r = await this.app.store.get('roastBatch', this.params.id);
    if (!r || r.deleted) { mount(this, h('h1', {}, t('roast.gone'))); return; }
    const lot = r.fields.lotId ? await this.app.store.get('lot', r.fields.lotId) : null;
    const f = r.fields;
    mount(this,
      h('h1', {}, `${lotName(lot) || '—'} · ${formatDateTime(f.roastedAt) || t('roast.undated')}`),
      r.pending ? h('p', { class: 'pending-tag' }, t('sync.notYet')) : null,
      roastChart(f, (e) => this.app.fail(e)),
      roastFigures(f),
      h('dl', { class: 'facts' },
        lot ? [h('dt', {}, t('roast.lot')), h('dd', {}, h('a', { href: `#/lots/${lot.id}` }, lotName(lot)))] : null,
        f.machine ? [h('dt', {}, t('roast.machine')), h('dd', {}, f.machine)] : null,
        f.operator ? [h('dt', {}, t('roast.operator')), h('dd', {}, f.operator)] : null,
        [h('dt', {}, t('roast.greenWeight')), h('dd', {}, f.greenWeightKg != null ? `${formatNumber(f.greenWeightKg, 3)} kg` : '—')],
        [h('dt', {}, t('roast.roastedWeight')), h('dd', {}, f.roastedWeightKg != null ? `${formatNumber(f.roastedWeightKg, 3)} kg` : '—')],
        f.sourceFile ? [h('dt', {}, t('roast.file')), h('dd', {}, f.sourceFile)] : null,
        f.notes ? [h('dt', {}, t('roast.notes')), h('dd', {}, f.notes)] : null));
  }
}

customElements.define('kf-roast-detail', RoastDetail);
