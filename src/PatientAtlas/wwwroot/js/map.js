// The community map's enhancements; everything works without them.
// 1. City suggestions: the location form's city field fills its <datalist> from /api/v1/places/cities.
// 2. Zoom and pan on the world map: buttons, the mouse wheel and dragging change the SVG's viewBox.
(function () {
  "use strict";
  var input = document.querySelector("input[data-city-suggest]");
  if (input && input.list) {
    var list = input.list, timer = 0, last = "";
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        var q = input.value.trim();
        if (q.length < 2 || q === last) { return; }
        last = q;
        fetch("/api/v1/places/cities?q=" + encodeURIComponent(q), { headers: { Accept: "application/json" } })
          .then(function (r) { return r.ok ? r.json() : []; })
          .then(function (cities) {
            list.replaceChildren.apply(list, cities.map(function (c) {
              var option = document.createElement("option");
              option.value = c.name;
              option.label = c.label;
              return option;
            }));
          })
          .catch(function () { });
      }, 200);
    });
  }

  var svg = document.querySelector("svg[data-zoom]");
  if (!svg) { return; }
  var full = svg.viewBox.baseVal, view = { x: full.x, y: full.y, w: full.width, h: full.height };
  var width = full.width, height = full.height;
  function apply() {
    view.w = Math.min(width, Math.max(width / 16, view.w));
    view.h = view.w * height / width;
    view.x = Math.min(width - view.w, Math.max(0, view.x));
    view.y = Math.min(height - view.h, Math.max(0, view.y));
    svg.setAttribute("viewBox", [view.x, view.y, view.w, view.h].map(function (n) { return n.toFixed(1); }).join(" "));
  }
  function zoom(factor, cx, cy) {
    cx = cx === undefined ? view.x + view.w / 2 : cx;
    cy = cy === undefined ? view.y + view.h / 2 : cy;
    view.x = cx - (cx - view.x) * factor;
    view.y = cy - (cy - view.y) * factor;
    view.w *= factor;
    apply();
  }
  var controls = document.createElement("div");
  controls.className = "map-zoom";
  [["+", svg.dataset.zoomIn || "Zoom in", 0.5], ["−", svg.dataset.zoomOut || "Zoom out", 2], ["⟲", svg.dataset.zoomReset || "Reset", 0]].forEach(function (b) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "secondary";
    button.textContent = b[0];
    button.setAttribute("aria-label", b[1]);
    button.addEventListener("click", function () {
      if (b[2] === 0) { view = { x: 0, y: 0, w: width, h: height }; apply(); } else { zoom(b[2]); }
    });
    controls.appendChild(button);
  });
  svg.parentNode.insertBefore(controls, svg);
  function point(e) {
    var r = svg.getBoundingClientRect();
    return { x: view.x + (e.clientX - r.left) / r.width * view.w, y: view.y + (e.clientY - r.top) / r.height * view.h };
  }
  svg.addEventListener("wheel", function (e) {
    e.preventDefault();
    var p = point(e);
    zoom(e.deltaY < 0 ? 0.8 : 1.25, p.x, p.y);
  }, { passive: false });
  var drag = null;
  svg.addEventListener("pointerdown", function (e) { drag = { x: e.clientX, y: e.clientY, vx: view.x, vy: view.y }; });
  window.addEventListener("pointerup", function () { drag = null; });
  svg.addEventListener("pointermove", function (e) {
    if (!drag) { return; }
    var r = svg.getBoundingClientRect();
    view.x = drag.vx - (e.clientX - drag.x) / r.width * view.w;
    view.y = drag.vy - (e.clientY - drag.y) / r.height * view.h;
    apply();
  });
})();
