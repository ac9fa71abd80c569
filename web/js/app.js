// Starts the app: the language first (every string depends on it), then the shell, then the service worker, which
// is registered only after the first screen is drawn so that installing it never delays a person's first tap.

import { chooseLanguage, useLanguage } from './i18n.js';

async function start() {
  await useLanguage(chooseLanguage());
  await import('../components/kafae-shell.js');
  const shell = document.createElement('kf-shell');
  document.body.replaceChildren(shell);
  if ('serviceWorker' in navigator) registerWorker(shell);
}

/** Registers the hand-written worker and offers a waiting new version to the person instead of forcing it. */
function registerWorker(shell) {
  // Reload only into a version the person approved: the first worker of a first visit also takes control (claim),
  // and reloading then would wipe what they were typing.
  let approved = false;
  let reloading = false;
  const hadController = !!navigator.serviceWorker.controller;
  navigator.serviceWorker.addEventListener('controllerchange', () => {
    // Approved in another tab: this one keeps its page (and what is typed in it) and offers the reload.
    if (!approved && hadController) { shell.offerUpdate(() => location.reload(), 'update.reloadToFinish'); return; }
    if (!approved || reloading) return;
    reloading = true;
    location.reload();
  });
  const offer = (worker) => shell.offerUpdate(() => {
    approved = true;
    // Another tab may have activated it already: then this tab only needs to load the new version.
    if (worker.state === 'activated' || navigator.serviceWorker.controller === worker) location.reload();
    else worker.postMessage({ type: 'activate' });
  });
  const register = () => navigator.serviceWorker.register('/sw.js', { scope: '/' }).then((reg) => {
    if (reg.waiting && navigator.serviceWorker.controller) offer(reg.waiting);
    reg.addEventListener('updatefound', () => {
      const incoming = reg.installing;
      incoming?.addEventListener('statechange', () => {
        if (incoming.state === 'installed' && navigator.serviceWorker.controller) offer(incoming);
      });
    });
    setInterval(() => reg.update().catch(() => {}), 60 * 60 * 1000);
  }).catch((e) => console.warn('service worker not registered', e));
  if (document.readyState === 'complete') register(); else addEventListener('load', register, { once: true });
}

start().catch((e) => {
  console.error(e);
  document.body.textContent = 'Kafae could not start. / ไม่สามารถเปิดแอปได้';
});
