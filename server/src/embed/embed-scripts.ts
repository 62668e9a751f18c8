/**
 * The two scripts of embedding, sent as they are written here (small enough not to need a build):
 * - WIDGET_SCRIPT (/widget.js) runs on the organizer's own site. It defines
 *   <iatichet-event event-id="..."> which frames /embed/events/:id from the origin the script was
 *   loaded from, and grows the frame to the height the frame reports (only messages from that
 *   origin and that frame count).
 * - FRAME_SCRIPT (/embed/embed.js) runs inside the frame: it keeps the numbers left live (polling
 *   the public event answer, which the catalog cache serves), carries the chosen quantities into
 *   the Buy link (the full site preselects them), and reports the page height to the framing site.
 */

export const WIDGET_SCRIPT = `/* iaTichet widget: <iatichet-event event-id="..." lang="en|ro" frame-title="..."></iatichet-event> */
(function () {
  'use strict';
  var script = document.currentScript || document.querySelector('script[src$="/widget.js"]');
  if (!script || !window.customElements || customElements.get('iatichet-event')) return;
  var base = new URL(script.src, location.href).origin;
  var TITLES = { en: 'Event tickets', ro: 'Bilete la eveniment' };
  var MAX_HEIGHT = 4000;

  class IatichetEvent extends HTMLElement {
    connectedCallback() {
      if (this._frame) return;
      var id = this.getAttribute('event-id');
      if (!id) return;
      var lang = (this.getAttribute('lang') || document.documentElement.lang || 'en').slice(0, 2).toLowerCase();
      if (!TITLES[lang]) lang = 'en';
      var src = new URL('/embed/events/' + encodeURIComponent(id), base);
      src.searchParams.set('lang', lang);
      src.searchParams.set('parent', location.origin);
      var frame = document.createElement('iframe');
      frame.src = src.href;
      var fixedTitle = this.getAttribute('frame-title');
      frame.title = fixedTitle || TITLES[lang];
      frame.setAttribute('loading', 'lazy');
      frame.style.cssText = 'display:block;width:100%;height:420px;border:0;';
      this._onMessage = function (event) {
        // Only the frame this element made, from the origin it was made from, may resize it.
        if (event.origin !== base || event.source !== frame.contentWindow) return;
        var data = event.data;
        if (!data || data.type !== 'iatichet:resize') return;
        var height = Number(data.height);
        if (isFinite(height) && height > 0) frame.style.height = Math.min(Math.ceil(height), MAX_HEIGHT) + 'px';
        if (!fixedTitle && typeof data.title === 'string' && data.title) frame.title = data.title.slice(0, 200);
      };
      window.addEventListener('message', this._onMessage);
      this._frame = frame;
      this.appendChild(frame);
    }
    disconnectedCallback() {
      if (this._onMessage) window.removeEventListener('message', this._onMessage);
      if (this._frame) this._frame.remove();
      this._frame = undefined;
    }
  }
  customElements.define('iatichet-event', IatichetEvent);
})();
`;

export const FRAME_SCRIPT = `/* iaTichet embed page: live numbers, the Buy link, and the height for the framing site. */
(function () {
  'use strict';
  var body = document.body;
  var eventId = body.getAttribute('data-event-id');
  var parentOrigin = body.getAttribute('data-parent-origin');
  var words = JSON.parse(document.getElementById('embed-words').textContent || '{}');
  var plural = new Intl.PluralRules(document.documentElement.lang);
  var buy = document.getElementById('buy');
  var selects = Array.prototype.slice.call(document.querySelectorAll('select[data-ticket-type]'));
  var REFRESH_MS = 15000;

  function leftText(count) {
    if (count === 0) return words.soldOut;
    var template = words[plural.select(count)] || words.other || String(count);
    return template.replace('{{count}}', String(count));
  }

  // The chosen quantities travel to the full site as ?tickets=<typeId>:<n>,... (preselected there).
  function updateBuyLink() {
    if (!buy) return;
    var picks = selects
      .filter(function (s) { return Number(s.value) > 0; })
      .map(function (s) { return s.getAttribute('data-ticket-type') + ':' + s.value; });
    var href = buy.getAttribute('data-href');
    buy.setAttribute('href', picks.length > 0 ? href + '?tickets=' + encodeURIComponent(picks.join(',')) : href);
  }
  selects.forEach(function (s) { s.addEventListener('change', updateBuyLink); });

  function setMax(select, max) {
    var chosen = Math.min(Number(select.value), max);
    while (select.options.length > max + 1) select.remove(select.options.length - 1);
    while (select.options.length < max + 1) select.add(new Option(String(select.options.length), String(select.options.length)));
    select.value = String(chosen);
  }

  function show(event) {
    event.ticketTypes.forEach(function (type) {
      var label = document.querySelector('[data-remaining-for="' + CSS.escape(type.id) + '"]');
      if (label) {
        label.textContent = leftText(type.remaining);
        label.className = type.remaining === 0 ? 'soldout' : 'muted';
      }
      var select = document.getElementById('qty-' + type.id);
      if (select) setMax(select, Math.min(type.remaining, event.maxTicketsPerOrder));
    });
    updateBuyLink();
  }

  function refresh() {
    if (document.visibilityState !== 'visible') return;
    fetch('/api/events/' + encodeURIComponent(eventId), { credentials: 'omit', headers: { accept: 'application/json' } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (event) { if (event) show(event); })
      .catch(function () { /* offline for a moment: the next round tries again */ });
  }
  setInterval(refresh, REFRESH_MS);
  document.addEventListener('visibilitychange', refresh);

  // The framing site is told the height (and a title for its frame) only when it is an allowed origin.
  // The height of <html> itself: scrollHeight would never be less than the frame's own height.
  if (parentOrigin && window.parent !== window) {
    var title = document.getElementById('event-title');
    var report = function () {
      window.parent.postMessage(
        { type: 'iatichet:resize', height: Math.ceil(document.documentElement.getBoundingClientRect().height), title: title ? title.textContent : undefined },
        parentOrigin,
      );
    };
    new ResizeObserver(report).observe(document.documentElement);
    report();
  }
})();
`;
