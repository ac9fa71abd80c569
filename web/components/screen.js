// The base of every screen: it gets the app (api, store, sync, navigate) and its route parameters, renders, and
// renders again when records change (lists and details; forms opt out so typing is never interrupted).

export class Screen extends HTMLElement {
  /** Set by the shell before the screen is attached. */
  app = null;
  params = {};
  /** Forms set this to false: a pulled change must not wipe what a person is typing. */
  live = true;

  connectedCallback() {
    this.classList.add('screen');
    if (this.live && this.app?.store) {
      this.unlisten = this.app.store.onChange(() => this.#rerender());
    }
    this.#rerender();
  }

  disconnectedCallback() {
    this.unlisten?.();
    clearTimeout(this.pendingRender);
  }

  /** Coalesces bursts of changes (a pulled page, a sync) into one render. */
  #rerender() {
    clearTimeout(this.pendingRender);
    this.pendingRender = setTimeout(() => {
      Promise.resolve(this.render()).catch((e) => this.app?.fail(e));
    }, this.rendered ? 60 : 0);
    this.rendered = true;
  }

  /** Draws the screen; may be async (reads IndexedDB). */
  render() {}
}
