// A new cupping session: name, date, protocol, blind or not, the samples (lots) and the cuppers. Blind codes are
// drawn on the phone (three random digits, no repeats) so the table can be set up with no signal.

import { t, label } from '../js/i18n.js';
import { h, mount, field, select } from '../js/dom.js';
import { lotName, sortBy, today } from '../js/records.js';
import { Screen } from './screen.js';

export const PROTOCOLS = ['sca2004', 'cva2024', 'cva2024Descriptive', 'fineRobusta'];

/** Three-digit codes, distinct, from the phone's cryptographic random source. */
export function blindCodes(n) {
  const codes = new Set();
  const buf = new Uint32Array(1);
  while (codes.size < n) {
    crypto.getRandomValues(buf);
    codes.add(String(100 + (buf[0] % 900)));
  }
  return [...codes];
}

export class CuppingSessionForm extends Screen {
  live = false;

  async render() {
    const lots = sortBy(await this.app.store.list('lot'), lotName);
    let members = [];
    try { members = (await this.app.api.get('/api/v1/members')).items || []; } catch { /* offline: the signed-in cupper only */ }
    const me = this.app.session.user;
    if (!members.some((m) => m.userId === me.id)) members.unshift({ userId: me.id, name: me.name });
    const lotOptions = [['', t('form.choose')], ...lots.map((l) => [l.id, lotName(l)])];
    const samples = h('ol', { class: 'samples' });
    const addSample = () => {
      const n = samples.children.length + 1;
      const s = select('sampleLot', lotOptions, '', { 'aria-label': t('cupping.sampleN', { n }) });
      samples.append(h('li', {}, field(t('cupping.sampleN', { n }), s)));
      s.focus();
    };
    const error = h('p', { class: 'form-error', role: 'alert', hidden: true });
    const form = h('form', { class: 'card', novalidate: true, onsubmit: (e) => this.save(e, form, error) },
      field(t('cupping.name'), h('input', { name: 'name', required: true, maxlength: 200 })),
      field(t('cupping.date'), h('input', { name: 'sessionDate', type: 'date', value: today() })),
      field(t('cupping.protocol'), select('protocol', PROTOCOLS.map((p) => [p, t(`protocol.${p}`)]), 'sca2004')),
      h('div', { class: 'check' }, h('input', { type: 'checkbox', name: 'blind', id: 'blind', checked: true }), h('label', { for: 'blind' }, t('cupping.blind'))),
      h('h2', {}, t('cupping.samples')), samples,
      h('button', { type: 'button', class: 'secondary', onclick: addSample }, t('cupping.addSample')),
      h('fieldset', {}, h('legend', {}, t('cupping.cuppers')),
        members.map((m) => h('div', { class: 'check' },
          h('input', { type: 'checkbox', name: 'cupper', value: m.userId, id: `cupper-${m.userId}`, checked: m.userId === me.id }),
          h('label', { for: `cupper-${m.userId}` }, m.name)))),
      field(t('cupping.guests'), h('input', { name: 'guests', maxlength: 500 }), { hint: t('cupping.guestsHint') }),
      error,
      h('div', { class: 'actions' },
        h('button', { type: 'submit', class: 'primary' }, t('action.save')),
        h('button', { type: 'button', class: 'secondary', onclick: () => history.back() }, t('action.cancel'))));
    mount(this, h('h1', {}, t('cupping.newTitle')), form);
    addSample();
    form.elements.name.focus();
  }

  async save(e, form, error) {
    e.preventDefault();
    const el = form.elements;
    const lotIds = [...form.querySelectorAll('select[name="sampleLot"]')].map((s) => s.value).filter(Boolean);
    error.hidden = true;
    if (!el.name.value.trim()) { error.hidden = false; error.textContent = t('form.fillRequired'); el.name.focus(); return; }
    if (!lotIds.length) { error.hidden = false; error.textContent = t('cupping.needSample'); return; }
    const blind = el.blind.checked;
    const codes = blind ? blindCodes(lotIds.length) : lotIds.map((_, i) => String(i + 1));
    const cuppers = [...form.querySelectorAll('input[name="cupper"]:checked')].map((c) => ({ userId: c.value }));
    for (const g of el.guests.value.split(',').map((x) => x.trim()).filter(Boolean)) cuppers.push({ name: g });
    const id = await this.app.store.save('cuppingSession', null, {
      name: el.name.value.trim(), sessionDate: el.sessionDate.value || today(), protocol: el.protocol.value, blind,
      samples: lotIds.map((lotId, i) => ({ lotId, code: codes[i] })), cuppers,
    });
    this.app.navigate(`cupping/${id}`);
  }
}

customElements.define('kf-cupping-session-form', CuppingSessionForm);
