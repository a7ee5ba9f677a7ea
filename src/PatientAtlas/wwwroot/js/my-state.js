// The reader's own state on a question page. The page is cached and the same for everyone, so it never carries a
// member's votes or waiting posts: this asks for them after the page loads and marks the page. Without this script
// the "Helpful?" links and /account/experiences say the same.
(function () {
  'use strict';
  var section = document.querySelector('[data-my-state]');
  if (!section || !window.fetch) { return; }
  var es = document.documentElement.lang === 'es';
  fetch(section.getAttribute('data-my-state'), { credentials: 'same-origin', headers: { Accept: 'application/json' } })
    .then(function (response) { return response.ok ? response.json() : null; })
    .then(function (state) {
      if (!state || !state.signedIn) { return; }
      (state.votes || []).forEach(function (id) {
        var link = document.querySelector('#experience-' + id + ' a.helpful-link');
        if (link) { link.textContent = es ? 'Te resultó útil' : 'You found this helpful'; link.classList.add('voted'); }
      });
      (state.mine || []).forEach(function (id) {
        var link = document.querySelector('#experience-' + id + ' a.helpful-link');
        if (link) { link.textContent = es ? 'Tu experiencia' : 'Your experience'; link.href = (es ? '/es' : '') + '/account/experiences'; }
      });
      if (state.pending > 0) {
        var note = document.createElement('p');
        note.className = 'my-pending';
        note.setAttribute('role', 'status');
        var link = document.createElement('a');
        link.href = (es ? '/es' : '') + '/account/experiences';
        link.textContent = es
          ? (state.pending === 1 ? 'Tu experiencia espera revisión.' : 'Tus ' + state.pending + ' experiencias esperan revisión.')
          : (state.pending === 1 ? 'Your experience is waiting for review.' : 'Your ' + state.pending + ' experiences are waiting for review.');
        note.appendChild(link);
        var title = section.querySelector('h2');
        if (title) { title.insertAdjacentElement('afterend', note); }
      }
    })
    .catch(function () { /* the page stays as it is for everyone */ });
}());
