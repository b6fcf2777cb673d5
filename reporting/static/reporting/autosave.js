// Saves the page's answer every 20 seconds while it changes; the form works the same without it.
(function () {
  "use strict";
  var form = document.querySelector("form[data-autosave]");
  if (!form || !window.fetch || !window.FormData) { return; }
  var status = form.querySelector("[data-autosave-status]");
  var version = form.querySelector("input[name=version]");
  var last = new URLSearchParams(new FormData(form)).toString();
  var stopped = false;
  function save() {
    if (stopped) { return; }
    var data = new FormData(form);
    var now = new URLSearchParams(data).toString();
    if (now === last) { return; }
    data.append("autosave", "1");
    fetch(form.action || window.location.href, { method: "POST", body: data, credentials: "same-origin" })
      .then(function (response) {
        return response.json().then(function (body) { return { status: response.status, body: body }; });
      })
      .then(function (result) {
        if (result.body.saved) {
          version.value = result.body.version;
          last = now;
          status.textContent = "Saved a draft at " + new Date().toTimeString().slice(0, 5) + ".";
        } else if (result.status === 409) {
          stopped = true;
          status.textContent = "Someone else saved this page. Press Save and continue to see both versions.";
        }
      })
      .catch(function () { /* offline: the next tick or Save and continue tries again */ });
  }
  window.setInterval(save, 20000);
})();
