/* Send cockpit (/intern/newsletter/ausgaben/<id>/versand): refreshes the numbers in place from the JSON at
 * the box's data-url (…/fortschritt) every two seconds until the issue is sent.
 *
 * A file of the service, loaded with <script src defer>: the gateway's Content-Security-Policy
 * (script-src 'self') blocks inline scripts and inline event handlers. Every text the script writes comes from
 * the page's data attributes, so it follows the UI language; numbers are written like the server writes them
 * (the page's language; counts without decimals, percent and rate with one). Without JavaScript the page
 * shows the numbers of its own request and a link to reload it. */
(function () {
  'use strict';

  var box = document.getElementById('fortschritt');
  if (!box || !box.dataset.url || !window.fetch) { return; }

  var EVERY_MS = 2000, AFTER_ERROR_MS = 5000;
  var lang = document.documentElement.lang || 'de';
  var counts = new Intl.NumberFormat(lang, {maximumFractionDigits: 0});
  var decimals = new Intl.NumberFormat(lang, {minimumFractionDigits: 1, maximumFractionDigits: 1});
  var statusLabels = {};
  try { statusLabels = JSON.parse(box.dataset.statusLabels || '{}'); } catch (e) { statusLabels = {}; }
  var status = box.dataset.status;
  var message = document.getElementById('meldung');
  var bar = document.getElementById('balken');

  function put(key, text) {
    var el = box.querySelector('[data-k="' + key + '"]');
    if (el) { el.textContent = text; }
  }

  function number(value, format) {
    return (value === null || value === undefined || value === '') ? '–' : (format || counts).format(value);
  }

  /* The same as the server's "dauer" filter: 42 s · 5 min 3 s · 1 h 2 min. */
  function duration(seconds) {
    if (seconds === null || seconds === undefined) { return '–'; }
    var s = Math.max(0, Math.round(seconds));
    if (s < 60) { return s + ' s'; }
    if (s < 3600) { return Math.floor(s / 60) + ' min ' + (s % 60) + ' s'; }
    return Math.floor(s / 3600) + ' h ' + Math.floor((s % 3600) / 60) + ' min';
  }

  function announce(text) {
    if (message && text && message.textContent !== text) { message.textContent = text; }
  }

  function clock() {
    /* Kaufbeuren time, hours and minutes as the server writes them ("Stand: 14:02 Uhr"). */
    return new Date().toLocaleTimeString(lang, {hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
      timeZone: 'Europe/Berlin'});
  }

  function show(p) {
    ['sent', 'total', 'failed', 'skipped', 'waiting'].forEach(function (key) {
      put(key, number(p[key]));
    });
    put('percent', number(p.percent, decimals));
    put('rate', number(p.rate, decimals));
    put('eta', duration(p.eta_seconds));
    put('status', statusLabels[p.status] || p.status);
    put('updated', (box.dataset.labelUpdated || '{time}').replace('{time}', clock()));
    if (bar) {
      bar.max = p.total || 1;
      bar.value = p.done;
      bar.textContent = number(p.percent, decimals) + ' %';
    }
    if (p.status !== status) {
      status = p.status;
      announce(p.status === 'sent' ? box.dataset.labelDone
        : (box.dataset.labelStatus || 'Status') + ': ' + (statusLabels[p.status] || p.status));
    } else if (message && message.textContent === box.dataset.labelError) {
      message.textContent = '';
    }
  }

  function tick() {
    fetch(box.dataset.url, {headers: {'Accept': 'application/json'}, credentials: 'same-origin', cache: 'no-store'})
      .then(function (response) {
        var type = response.headers.get('Content-Type') || '';
        if (!response.ok || type.indexOf('json') === -1) { throw new Error('HTTP ' + response.status); }
        return response.json();
      })
      .then(function (p) {
        show(p);
        if (p.status !== 'sent') { window.setTimeout(tick, EVERY_MS); }
      })
      .catch(function () {
        announce(box.dataset.labelError);
        window.setTimeout(tick, AFTER_ERROR_MS);
      });
  }

  if (status !== 'sent') { window.setTimeout(tick, EVERY_MS); }
}());
