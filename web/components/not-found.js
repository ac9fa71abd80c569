// An address the app does not know.

import { t } from '../js/i18n.js';
import { h, mount } from '../js/dom.js';
import { Screen } from './screen.js';

export class NotFound extends Screen {
  render() {
    mount(this, h('h1', {}, t('notFound.title')), h('p', {}, h('a', { href: '#/' }, t('app.home'))));
  }
}

customElements.define('kf-not-found', NotFound);
