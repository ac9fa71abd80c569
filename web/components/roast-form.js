// Recording a roast: pick the green lot, load the Artisan log (.alog) from the phone or laptop, see the curve and
// figures at once (parsed here by the same code as the server), add weights and machine, save. Works offline: the
// batch and its curve travel with the next sync.

import { t, errorText } from '../js/i18n.js';
import { h, mount, field, select } from '../js/dom.js';
import { lotName, sortBy, numberFrom } from '../js/records.js';
import { roastFigures, roastChart } from '../js/roast-view.js';
import { Screen } from './screen.js';

const MAX_FILE_BYTES = 16 * 1024 * 1024;

export class RoastForm extends Screen {
  live = false;

  async render() {
    const lots = sortBy((await this.app.store.list('lot')).filter((l) => l.fields.stage === 'green'), lotName);
    const preset = this.params.query?.get('lot') || '';
    this.analysis = null;
    this.preview = h('div', { class: 'preview', 'aria-live': 'polite' });
    const error = h('p', { class: 'form-error', role: 'alert', hidden: true });
    const file = h('input', { type: 'file', name: 'file', accept: '.alog,.json,text/plain,application/json', onchange: () => this.load(file, error) });
    const now = new Date(Date.now() - new Date().getTimezoneOffset() * 60000).toISOString().slice(0, 16);
    this.form = h('form', { class: 'card', novalidate: true, onsubmit: (e) => this.save(e, error) },
      field(t('roast.lot'), select('lotId', [['', t('form.choose')], ...lots.map((l) => [l.id, lotName(l)])], preset)),
      field(t('roast.alog'), file, { hint: t('roast.alogHint') }),
      this.preview,
      field(t('roast.roastedAt'), h('input', { name: 'roastedAt', type: 'datetime-local', value: now })),
      h('div', { class: 'two' },
        field(t('roast.greenWeight'), h('input', { name: 'greenWeightKg', inputmode: 'decimal' })),
        field(t('roast.roastedWeight'), h('input', { name: 'roastedWeightKg', inputmode: 'decimal' }))),
      field(t('roast.machine'), h('input', { name: 'machine', maxlength: 200 })),
      field(t('roast.operator'), h('input', { name: 'operator', maxlength: 200, value: this.app.session.user.name })),
      field(t('roast.notes'), h('textarea', { name: 'notes', rows: 2, maxlength: 5000 })),
      error,
      h('div', { class: 'actions' },
        h('button', { type: 'submit', class: 'primary' }, t('action.save')),
        h('button', { type: 'button', class: 'secondary', onclick: () => history.back() }, t('action.cancel'))));
    mount(this, h('h1', {}, t('roast.newTitle')), this.form);
  }

  async load(input, error) {
    const f = input.files && input.files[0];
    error.hidden = true;
    this.analysis = null;
    mount(this.preview);
    if (!f) return;
    if (f.size > MAX_FILE_BYTES) { error.hidden = false; error.textContent = t('roast.tooBig'); return; }
    try {
      const { parseArtisan, analyzeRoast } = await import('../js/science/index.js');
      const a = analyzeRoast(parseArtisan(await f.text()));
      this.analysis = a;
      this.sourceFile = f.name.slice(0, 200);
      const el = this.form.elements;
      if (Number.isFinite(a.weightInG) && !el.greenWeightKg.value) el.greenWeightKg.value = String(+(a.weightInG / 1000).toFixed(4));
      if (Number.isFinite(a.weightOutG) && !el.roastedWeightKg.value) el.roastedWeightKg.value = String(+(a.weightOutG / 1000).toFixed(4));
      mount(this.preview, roastChart(a, (e) => this.app.fail(e)), roastFigures({ ...a, developmentS: a.phases?.developmentS, totalS: a.phases?.totalS }));
    } catch (e) {
      error.hidden = false;
      error.textContent = e.code ? `${t('roast.badFile')} (${e.code})` : errorText(e);
    }
  }

  async save(e, error) {
    e.preventDefault();
    const el = this.form.elements;
    const green = numberFrom(el.greenWeightKg.value);
    const roasted = numberFrom(el.roastedWeightKg.value);
    error.hidden = true;
    const fail = (msg, control) => { error.hidden = false; error.textContent = msg; control?.focus(); };
    if (!el.lotId.value) return fail(t('roast.pickLot'), el.lotId);
    if (!(green > 0)) return fail(t('roast.needGreen'), el.greenWeightKg);
    if (Number.isNaN(roasted) || (roasted !== null && roasted < 0)) return fail(t('form.notNumber'), el.roastedWeightKg);
    const a = this.analysis;
    const fields = {
      lotId: el.lotId.value, greenWeightKg: green, roastedWeightKg: roasted,
      roastedAt: el.roastedAt.value ? new Date(el.roastedAt.value).toISOString() : null,
      machine: el.machine.value.trim() || null, operator: el.operator.value.trim() || null, notes: el.notes.value.trim() || null,
      unit: a ? a.unit : 'C',
    };
    if (a) {
      const ev = {};
      for (const k of ['turningPointS', 'turningPointBt', 'dryEndS', 'dryEndBt', 'firstCrackS', 'firstCrackBt', 'firstCrackEndS', 'secondCrackS', 'dropS', 'dropBt', 'chargeBt', 'coolS']) {
        if (Number.isFinite(a.events[k])) ev[k] = a.events[k];
      }
      fields.events = ev;
      fields.curve = { timeS: a.curve.timeS, bt: a.curve.bt, et: a.curve.et, ror: a.curve.ror };
      fields.ror = Object.fromEntries(['dry', 'mid', 'finish', 'total'].filter((k) => Number.isFinite(a.ror[k])).map((k) => [k, a.ror[k]]));
      fields.sourceFile = this.sourceFile;
    }
    const id = await this.app.store.save('roastBatch', null, fields);
    this.app.navigate(`roasts/${id}`);
  }
}

customElements.define('kf-roast-form', RoastForm);
