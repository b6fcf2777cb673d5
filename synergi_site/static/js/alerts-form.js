/* News alert sign-up forms sit on shared-cached pages, so the signed start time in the page is
   when the page was rendered, not when this visitor opened it. Ask for a fresh one (never cached)
   so the minimum fill time counts from now. Without scripts the form still works; only that
   check is then weaker (the honeypot and the rate limits remain). */
(function () {
  "use strict";

  function refresh(form) {
    var url = form.getAttribute("data-alerts-started-url");
    var field = form.querySelector("input[name=started]");
    if (!url || !field || !window.fetch) { return; }
    fetch(url, { credentials: "omit", cache: "no-store" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (data && typeof data.started === "string") {
          field.value = data.started;
          form.setAttribute("data-alerts-started", "fresh");
        }
      })
      .catch(function () { /* keep the page's own start time */ });
  }

  document.querySelectorAll("form[data-alerts-started-url]").forEach(refresh);
}());
