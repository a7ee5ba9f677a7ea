// The header's signed-in state. Pages are the same for everyone (and cached), so they never carry it: this asks
// /account/status after the page loads and turns "Sign in" into the member's pseudonym, linking to their account.
// Without this script the link still works: the sign-in page sends a signed-in member on to their account.
(function () {
  'use strict';
  var link = document.querySelector('a[data-account-link]');
  if (!link || !window.fetch) { return; }
  fetch('/account/status', { credentials: 'same-origin', headers: { Accept: 'application/json' } })
    .then(function (response) { return response.ok ? response.json() : null; })
    .then(function (status) {
      if (!status || !status.signedIn || !status.pseudonym) { return; }
      var es = document.documentElement.lang === 'es';
      link.textContent = status.pseudonym;
      link.href = (es ? '/es' : '') + '/account';
      link.setAttribute('aria-label', (es ? 'Tu cuenta: ' : 'Your account: ') + status.pseudonym);
    })
    .catch(function () { /* the link stays "Sign in", which still works */ });
}());
