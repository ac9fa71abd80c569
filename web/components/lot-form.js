// Registering or editing a lot. The code may be left empty: the server makes one (province initials, Buddhist-era
// harvest year, sequence) when the lot reaches it.

import { t } from '../js/i18n.js';
import { h, mount, field, select } from '../js/dom.js';
import { farmName, sortBy, choices, numberFrom, SPECIES, STAGES, PROCESSES } from '../js/records.js';
import { Screen } from './screen.js';

export class LotForm extends Screen {
  live = false;

  async render() {
    const id = this.params.id;
    const [lot, farms] = await Promise.all([id ? this.app.store.get('lot', id) : null, this.app.store.list('farm')]);
    if (id && !lot) { mount(this, h('h1', {}, t('record.notHere')), h('p', {}, h('a', { href: '#/lots' }, t('action.backToList')))); return; }
    const f = lot ? lot.fields : { species: 'arabica', stage: 'green', farmId: this.params.query?.get('farm') || '' };
    const farmOptions = [['', t('lot.noFarm')], ...sortBy(farms, farmName).map((x) => [x.id, farmName(x)])];
    // A farm not on the phone (deleted elsewhere, not pulled yet) stays chosen: saving must not clear it unasked.
    if (f.farmId && !farms.some((x) => x.id === f.farmId)) farmOptions.push([f.farmId, t('lot.unknownFarm')]);
    const error = h('p', { class: 'form-error', role: 'alert', hidden: true });
    const form = h('form', { class: 'card', novalidate: true, onsubmit: (e) => this.save(e, form, lot, error) },
      field(t('lot.farm'), select('farmId', farmOptions, f.farmId)),
      field(t('lot.species'), select('species', choices(SPECIES, 'species'), f.species)),
      field(t('lot.stage'), select('stage', choices(STAGES, 'stage'), f.stage)),
      field(t('lot.weight'), h('input', { name: 'weightKg', inputmode: 'decimal', value: f.weightKg ?? '', autocomplete: 'off' })),
      field(t('lot.code'), h('input', { name: 'code', maxlength: 40, value: f.code || '', autocomplete: 'off' }), { hint: t('lot.codeHint') }),
      field(t('lot.variety'), h('input', { name: 'variety', maxlength: 100, value: f.variety || '' })),
      field(t('lot.process'), select('process', choices(PROCESSES, 'process', 'form.choose'), f.process)),
      field(t('lot.harvestDate'), h('input', { name: 'harvestDate', type: 'date', value: f.harvestDate || '' })),
      field(t('lot.notes'), h('textarea', { name: 'notes', maxlength: 5000, rows: 3 }, f.notes || '')),
      error,
      h('div', { class: 'actions' },
        h('button', { type: 'submit', class: 'primary' }, t('action.save')),
        h('button', { type: 'button', class: 'secondary', onclick: () => history.back() }, t('action.cancel'))));
    mount(this, h('h1', {}, lot ? t('lot.editTitle') : t('lot.newTitle')), form);
  }

  async save(e, form, lot, error) {
    e.preventDefault();
    const el = form.elements;
    const weight = numberFrom(el.weightKg.value);
    for (const p of form.querySelectorAll('.field-error')) p.hidden = true;
    el.weightKg.removeAttribute('aria-invalid');
    if (Number.isNaN(weight) || (weight !== null && weight < 0)) {
      el.weightKg.setAttribute('aria-invalid', 'true');
      const p = form.querySelector(`#${el.weightKg.id}-error`);
      p.hidden = false;
      p.textContent = t('form.range', { min: 0, max: '∞' });
      error.hidden = false;
      error.textContent = t('form.fix');
      el.weightKg.focus();
      return;
    }
    const text = (v) => (v.trim() ? v.trim() : null);
    const next = {
      farmId: el.farmId.value || null, species: el.species.value, stage: el.stage.value, weightKg: weight,
      code: text(el.code.value), variety: text(el.variety.value), process: el.process.value || null,
      harvestDate: el.harvestDate.value || null, notes: text(el.notes.value),
    };
    const old = lot ? lot.fields : {};
    const changed = Object.fromEntries(Object.entries(next).filter(([k, v]) => (old[k] ?? null) !== v && !(v === null && !lot)));
    if (lot && !Object.keys(changed).length) { this.app.navigate(`lots/${lot.id}`); return; }
    const id = await this.app.store.save('lot', lot ? lot.id : null, changed);
    this.app.navigate(`lots/${id}`);
  }
}

customElements.define('kf-lot-form', LotForm);
