// Progressive enhancement only: every page works without this file.

// Search suggestions: the ARIA 1.2 combobox pattern on every search box marked data-suggest. Without this
// script the box is a plain search form that submits to /search.
(function () {
  'use strict';
  var boxes = document.querySelectorAll('input[data-suggest]');
  Array.prototype.forEach.call(boxes, function (input, n) {
    var form = input.form;
    var lang = document.documentElement.lang === 'es' ? 'es' : 'en';
    var list = document.createElement('ul');
    var status = document.createElement('p');
    var active = -1;
    var items = [];
    var timer = 0;
    var latest = 0;
    // data-suggest-pick: a box that picks a condition for its own form (e.g. /account/conditions) instead of opening it.
    var pick = input.hasAttribute('data-suggest-pick');

    list.id = input.id + '-suggestions';
    list.className = 'suggestions';
    list.setAttribute('role', 'listbox');
    list.setAttribute('aria-label', input.getAttribute('data-suggest-label') || 'Suggestions');
    list.hidden = true;
    status.className = 'visually-hidden';
    status.setAttribute('role', 'status');
    status.setAttribute('aria-live', 'polite');
    input.setAttribute('role', 'combobox');
    input.setAttribute('aria-autocomplete', 'list');
    input.setAttribute('aria-expanded', 'false');
    input.setAttribute('aria-controls', list.id);
    input.parentNode.appendChild(list);
    form.appendChild(status);

    function close() {
      list.hidden = true;
      input.setAttribute('aria-expanded', 'false');
      input.removeAttribute('aria-activedescendant');
      active = -1;
    }

    function highlight(index) {
      active = index;
      Array.prototype.forEach.call(list.children, function (li, i) {
        li.setAttribute('aria-selected', i === index ? 'true' : 'false');
      });
      if (index >= 0) {
        input.setAttribute('aria-activedescendant', list.children[index].id);
      } else {
        input.removeAttribute('aria-activedescendant');
      }
    }

    function open(s) {
      if (!pick) {
        window.location.href = s.url;
        return;
      }
      input.value = s.label;
      if (form.elements.pick) { form.elements.pick.value = s.url.split('/').pop(); }
      form.submit();
    }

    function show(suggestions) {
      if (pick) { suggestions = suggestions.filter(function (s) { return s.kind === 'condition'; }); }
      items = suggestions;
      list.textContent = '';
      suggestions.forEach(function (s, i) {
        var li = document.createElement('li');
        li.id = list.id + '-' + i;
        li.setAttribute('role', 'option');
        li.setAttribute('aria-selected', 'false');
        li.className = 'suggestion ' + s.kind;
        li.textContent = s.label;
        li.addEventListener('mousedown', function (e) {
          e.preventDefault();
          open(s);
        });
        list.appendChild(li);
      });
      active = -1;
      if (suggestions.length === 0) {
        close();
      } else {
        list.hidden = false;
        input.setAttribute('aria-expanded', 'true');
      }
      var template = input.getAttribute('data-suggest-count') || '{0}';
      status.textContent = suggestions.length ? template.replace('{0}', suggestions.length) : '';
    }

    function fetchSuggestions() {
      var q = input.value.trim();
      if (q.length < 2 || q.length > 200) {
        show([]);
        return;
      }
      var ticket = ++latest;
      fetch('/api/v1/search/suggest?q=' + encodeURIComponent(q) + '&lang=' + lang, { headers: { Accept: 'application/json' } })
        .then(function (r) { return r.ok ? r.json() : { items: [] }; })
        .then(function (body) { if (ticket === latest) { show(body.items || []); } })
        .catch(function () { show([]); });
    }

    input.addEventListener('input', function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(fetchSuggestions, 120);
    });
    input.addEventListener('keydown', function (e) {
      if (e.key === 'ArrowDown') {
        if (list.hidden) { fetchSuggestions(); return; }
        e.preventDefault();
        highlight(active + 1 >= items.length ? 0 : active + 1);
      } else if (e.key === 'ArrowUp') {
        if (list.hidden) { return; }
        e.preventDefault();
        highlight(active <= 0 ? items.length - 1 : active - 1);
      } else if (e.key === 'Enter') {
        if (!list.hidden && active >= 0) {
          e.preventDefault();
          open(items[active]);
        }
      } else if (e.key === 'Escape') {
        if (!list.hidden) {
          e.preventDefault();
          close();
        }
      }
    });
    input.addEventListener('blur', function () { window.setTimeout(close, 150); });
  });
}());
