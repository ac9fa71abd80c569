// Green gradings, newest first, each with its lot, grade and full defects.

import { t, formatDate, formatNumber } from '../js/i18n.js';
import { h, mount } from '../js/dom.js';
import { lotName, newestFirst } from '../js/records.js';
import { Screen } from './screen.js';

export class Gradings extends Screen {
  async render() {
    const [gradings, lots] = await Promise.all([this.app.store.list('grading'), this.app.store.list('lot')]);
    const byId = new Map(lots.map((l) => [l.id, l]));
    const list = newestFirst(gradings, 'gradedOn');
    // A grading not yet back from the server is graded here with the same science.
    const science = list.some((g) => !g.fields.grade) ? await import('../js/science/index.js') : null;
    mount(this,
      h('div', { class: 'title-row' },
        h('h1', {}, t('grading.title')),
        h('button', { type: 'button', class: 'primary', onclick: () => this.app.navigate('grading/new') }, t('grading.new'))),
      list.length ? null : h('p', { class: 'empty' }, t('grading.empty')),
      h('ul', { class: 'list' }, list.map((g) => {
        const f = { ...g.fields };
        if (!f.grade && science) {
          try {
            const r = science.gradeGreen(science.standard(f.standard || 'scaArabica'), { sampleG: f.sampleG, defects: f.defects, quakers: f.quakers, moisturePct: f.moisturePct, waterActivity: f.waterActivity });
            Object.assign(f, { grade: r.grade, totalFullDefects: r.totalFullDefects });
          } catch { /* shown without a grade */ }
        }
        return h('li', {}, h('a', { class: 'row', href: `#/grading/${g.id}`, 'aria-labelledby': `gr-${g.id}`, 'aria-describedby': `gr-${g.id}-sub` },
          h('span', { class: 'main', id: `gr-${g.id}` }, `${lotName(byId.get(f.lotId)) || '—'} · ${formatDate(f.gradedOn || g.updatedAt)}`),
          h('span', { class: 'sub', id: `gr-${g.id}-sub` }, [f.grade ? t(`grade.${f.grade}`) : null,
            f.totalFullDefects != null ? t('grading.fullDefectsN', { n: f.totalFullDefects }) : null,
            f.moisturePct != null ? `${formatNumber(f.moisturePct, 1)} %` : null].filter(Boolean).join(' · ')),
          g.pending ? h('span', { class: 'pending-tag' }, t('sync.notYet')) : null));
      })));
  }
}

customElements.define('kf-gradings', Gradings);
