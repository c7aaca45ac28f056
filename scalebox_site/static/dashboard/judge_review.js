// The judge review page: saving an edit validates the new version before the page comes
// back, so the save buttons say so while the server works (dashboard.js does the rest).
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("input[name=_save], input[name=_continue], input[name=_addanother]")
      .forEach(function (button) { button.setAttribute("data-busy", "Saving and validating…"); });
  });
})();
