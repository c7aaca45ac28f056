// Maths in a problem statement: each element of class "math" holds TeX (escaped by the
// server) that KaTeX, served from our own static files, renders in place. Untrusted
// input: "trust" stays off (no \href, \url or HTML extensions), expansion is bounded,
// and a formula KaTeX cannot parse is left as its source.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    if (typeof katex === "undefined") { return; }
    document.querySelectorAll(".statement .math").forEach(function (el) {
      try {
        katex.render(el.textContent, el, {
          displayMode: el.classList.contains("math-display"),
          throwOnError: false,
          trust: false,
          maxExpand: 1000,
          maxSize: 20,
          strict: "ignore"
        });
      } catch (e) { /* the TeX stays as it was */ }
    });
  });
})();
