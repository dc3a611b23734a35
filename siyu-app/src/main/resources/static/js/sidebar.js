/* Siyu chat sidebar: the little the page needs beyond htmx. */
(function () {
  'use strict';
  var DRAFT = 'siyu-sidebar-note:' + location.pathname + location.search;

  // A note being written survives a reload of the page (e.g. the sign-in being renewed through WeCom) until saved.
  htmx.onLoad(function (content) {
    var form = content.id === 'note-form' ? content : content.querySelector && content.querySelector('#note-form');
    var text = form && form.querySelector('textarea[name=text]');
    if (!text) { return; }
    if (content === document.body && !text.value) { text.value = sessionStorage.getItem(DRAFT) || ''; }
    text.addEventListener('input', function () { sessionStorage.setItem(DRAFT, text.value); });
  });

  document.body.addEventListener('htmx:afterRequest', function (e) {
    var elt = e.detail.elt;
    if (!elt || !e.detail.successful) { return; }
    if (elt.id === 'note-form') {
      sessionStorage.removeItem(DRAFT);
    }
    // the timeline filter in force is remembered, so a refresh after a change keeps it
    if (elt.classList && elt.classList.contains('sb-filter')) {
      document.querySelectorAll('.sb-filter').forEach(function (b) { b.classList.toggle('on', b === elt); });
      document.getElementById('timeline-items').dataset.show = elt.dataset.show;
    }
  });
})();
