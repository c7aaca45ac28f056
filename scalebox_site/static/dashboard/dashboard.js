// Live progress: an element with data-poll="URL" replaces its content with the HTML
// fragment at URL every data-poll-ms milliseconds; once the fragment says the work is
// done (an element with data-done), the page reloads to show the full results.
(function () {
  "use strict";
  function poll(el) {
    var every = parseInt(el.getAttribute("data-poll-ms"), 10) || 1000;
    var url = el.getAttribute("data-poll");
    function tick() {
      fetch(url, { credentials: "same-origin", headers: { "X-Requested-With": "fetch" } })
        .then(function (r) { return r.ok ? r.text() : Promise.reject(r.status); })
        .then(function (html) {
          el.innerHTML = html;
          if (el.querySelector("[data-done]")) { window.location.reload(); return; }
          window.setTimeout(tick, every);
        })
        .catch(function () { window.setTimeout(tick, every * 4); });
    }
    window.setTimeout(tick, every);
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-poll]").forEach(poll);
  });
})();

// A form whose submit button has data-busy="Text…" shows that text on the disabled
// button while the server works (validating a judge, judging reference solutions).
(function () {
  "use strict";
  document.addEventListener("submit", function (event) {
    var button = event.submitter;
    if (!button || !button.hasAttribute("data-busy")) { return; }
    // Disabled after the form's data is taken, so the pressed button's name still goes.
    window.setTimeout(function () {
      var note = document.getElementById("busy-note");
      if (note) { note.hidden = false; }
      event.target.querySelectorAll("[data-busy]").forEach(function (other) { other.disabled = true; });
      button.disabled = true;
      if (button.tagName === "INPUT") { button.value = button.getAttribute("data-busy"); }
      else { button.textContent = button.getAttribute("data-busy"); }
    }, 0);
  });
})();
