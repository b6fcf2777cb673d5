// Saves the page's answer every 20 seconds while it changes, and once more when the page is hidden or
// closed (a closed tab keeps what was typed since the last tick); the form works the same without it.
// The status line under the answer is a polite live region (role="status"): "Saved a draft at 14:05."
(function () {
  "use strict";
  var form = document.querySelector("form[data-autosave]");
  if (!form || !window.fetch || !window.FormData) { return; }
  var status = form.querySelector("[data-autosave-status]");
  var version = form.querySelector("input[name=version]");
  // What the contact wrote, without the version: the server changes that on every save, and an
  // unchanged answer is not saved again.
  function written() {
    var data = new FormData(form);
    data.delete("version");
    return new URLSearchParams(data).toString();
  }
  var last = written();
  var saving = false;
  var stopped = false;
  function save(leaving) {
    // One save at a time: a second one sent with the same version would look like someone else's.
    if (stopped || saving) { return; }
    var now = written();
    if (now === last) { return; }
    var data = new FormData(form);
    data.append("autosave", "1");
    saving = true;
    // keepalive lets the browser finish the request after the page has gone (bodies up to 64 KB).
    var options = { method: "POST", body: data, credentials: "same-origin", keepalive: leaving === true };
    fetch(form.action || window.location.href, options)
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
        } else {
          status.textContent = "Your draft could not be saved. Press Save and continue to see why.";
        }
      })
      .catch(function () { /* offline: the next tick or Save and continue tries again */ })
      .then(function () { saving = false; });
  }
  window.setInterval(save, 20000);
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") { save(true); }
  });
  window.addEventListener("pagehide", function () { save(true); });
})();
