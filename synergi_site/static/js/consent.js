/* Cookie consent: the banner's choices, the inert scripts and embeds, and cookie clean-up.

   The server alone writes the cookies_policy cookie (the consent endpoint's response sets
   it); this script only reads it, with the same strict pattern as consent/cookie.py:
     v:<version>&functional:<0|1>&analytics:<0|1>&marketing:<0|1>&at:<ISO time>&id:<32 hex>&sig:<32 hex>
   A decision under another policy version counts as no decision. */
(function () {
  "use strict";

  var COOKIE_PATTERN = /^v:([1-9][0-9]{0,5})&functional:([01])&analytics:([01])&marketing:([01])&at:[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z&id:[0-9a-f]{32}&sig:[0-9a-f]{32}$/;
  var CATEGORIES = ["functional", "analytics", "marketing"];
  var gpc = navigator.globalPrivacyControl === true;

  function readConfig(banner) {
    var config = { version: null, endpoint: null, cookies: {} };
    if (!banner) { return config; }
    config.version = banner.getAttribute("data-policy-version");
    config.endpoint = banner.getAttribute("data-consent-endpoint");
    CATEGORIES.forEach(function (category) {
      var names = banner.getAttribute("data-cookies-" + category) || "";
      config.cookies[category] = names.split(/\s+/).filter(Boolean);
    });
    return config;
  }

  function readDecision(version) {
    var match = document.cookie.match(/(?:^|;\s*)cookies_policy=([^;]*)/);
    var parts = match && COOKIE_PATTERN.exec(match[1]);
    if (!parts || parts[1] !== version) { return null; }
    return { functional: parts[2] === "1", analytics: parts[3] === "1", marketing: parts[4] === "1" };
  }

  function nameMatches(name, pattern) {
    if (pattern.indexOf("*") === -1) { return name === pattern; }
    var escaped = pattern.split("*").map(function (piece) {
      return piece.replace(/[.+?^${}()|[\]\\]/g, "\\$&");
    });
    return new RegExp("^" + escaped.join(".*") + "$").test(name);
  }

  /* Expire a cookie on this host and on each parent domain: analytics tags often set
     theirs on the registrable domain (e.g. .example.org). */
  function expireCookie(name) {
    var labels = location.hostname.split(".");
    var domains = [""];
    for (var i = 0; i < labels.length - 1; i++) {
      domains.push("; Domain=" + labels.slice(i).join("."));
    }
    domains.forEach(function (domain) {
      document.cookie = name + "=; Max-Age=0; Path=/" + domain;
    });
  }

  function matchesAny(name, patterns) {
    return patterns.some(function (p) { return nameMatches(name, p); });
  }

  function clearStorage(name, patterns) {
    try {
      var storage = window[name];
      Object.keys(storage).forEach(function (key) {
        if (matchesAny(key, patterns)) { storage.removeItem(key); }
      });
    } catch (error) { /* storage switched off in this browser: nothing to clear */ }
  }

  /* Withdrawal removes what was set: the cookies, and the storage keys and IndexedDB
     databases with a declared name, which the server cannot reach. */
  function deleteCookies(patterns) {
    if (!patterns.length) { return; }
    document.cookie.split(";").forEach(function (pair) {
      var name = pair.split("=")[0].trim();
      if (name && name !== "cookies_policy" && matchesAny(name, patterns)) {
        expireCookie(name);
      }
    });
    clearStorage("localStorage", patterns);
    clearStorage("sessionStorage", patterns);
    if (window.indexedDB && typeof window.indexedDB.databases === "function") {
      window.indexedDB.databases().then(function (databases) {
        databases.forEach(function (database) {
          if (database.name && matchesAny(database.name, patterns)) { window.indexedDB.deleteDatabase(database.name); }
        });
      }).catch(function () { /* no IndexedDB here */ });
    }
  }

  function updateGoogleConsent(decision) {
    if (typeof window.gtag !== "function") { return; }
    var marketing = decision.marketing && !gpc ? "granted" : "denied";
    window.gtag("consent", "update", {
      analytics_storage: decision.analytics ? "granted" : "denied",
      functionality_storage: decision.functional ? "granted" : "denied",
      personalization_storage: decision.functional ? "granted" : "denied",
      ad_storage: marketing,
      ad_user_data: marketing,
      ad_personalization: marketing
    });
  }

  function prepareProvider(inert) {
    var provider = inert.getAttribute("data-analytics-provider");
    if (provider === "matomo") {
      var paq = window._paq = window._paq || [];
      paq.push(["setTrackerUrl", inert.getAttribute("data-tracker-url")]);
      paq.push(["setSiteId", inert.getAttribute("data-site-id")]);
      paq.push(["trackPageView"]);
      paq.push(["enableLinkTracking"]);
    } else if (provider === "ga4" && typeof window.gtag === "function") {
      window.gtag("js", new Date());
      window.gtag("config", inert.getAttribute("data-measurement-id"));
    }
  }

  /* <script type="text/plain" data-consent-category="…" data-src="…"> becomes a real script
     once its category is allowed; data-* attributes the tag reads (data-domain) are kept. */
  function activateScripts(decision) {
    var inertScripts = document.querySelectorAll('script[type="text/plain"][data-consent-category]');
    Array.prototype.forEach.call(inertScripts, function (inert) {
      var category = inert.getAttribute("data-consent-category");
      if (!decision[category] || inert.hasAttribute("data-consent-activated")) { return; }
      if (category === "marketing" && gpc) { return; }
      inert.setAttribute("data-consent-activated", "");
      prepareProvider(inert);
      var script = document.createElement("script");
      Array.prototype.forEach.call(inert.attributes, function (attribute) {
        if (["type", "data-src", "data-consent-category", "data-consent-activated"].indexOf(attribute.name) === -1) {
          script.setAttribute(attribute.name, attribute.value);
        }
      });
      script.async = true;
      script.src = inert.getAttribute("data-src");
      inert.parentNode.insertBefore(script, inert.nextSibling);
    });
  }

  /* The template stays, so a later refusal can put the placeholder back. */
  function loadEmbed(container) {
    var template = container.querySelector("template[data-consent-embed-html]");
    var placeholder = container.querySelector("[data-consent-embed-placeholder]");
    if (!template || !placeholder || container.querySelector(".embed__player")) { return; }
    var player = document.createElement("div");
    player.className = "embed__player";
    player.appendChild(template.content.cloneNode(true));
    placeholder.hidden = true;
    container.insertBefore(player, placeholder);
    return player;
  }

  /* A refusal unloads players already on the page: removing the frame ends its scripts. */
  function unloadEmbeds() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-consent-embed] .embed__player"), function (player) {
      var placeholder = player.parentNode.querySelector("[data-consent-embed-placeholder]");
      player.remove();
      if (placeholder) { placeholder.hidden = false; }
    });
  }

  function setUpEmbeds(decision) {
    var containers = document.querySelectorAll("[data-consent-embed]");
    Array.prototype.forEach.call(containers, function (container) {
      if (decision && decision.functional) {
        loadEmbed(container);
        return;
      }
      var button = container.querySelector("[data-consent-embed-load]");
      if (!button || button.hasAttribute("data-consent-ready")) { return; }
      button.setAttribute("data-consent-ready", "");
      button.hidden = false;
      button.addEventListener("click", function () {
        var player = loadEmbed(container);
        var frame = player && player.querySelector("iframe");
        if (frame) { frame.focus(); }
      });
    });
  }

  function applyDecision(config, decision) {
    if (!decision.functional) { unloadEmbeds(); }
    CATEGORIES.forEach(function (category) {
      if (!decision[category] || (category === "marketing" && gpc)) {
        deleteCookies(config.cookies[category] || []);
      }
    });
    updateGoogleConsent(decision);
    activateScripts(decision);
  }

  function showConfirmation(banner, outcome) {
    var question = banner.querySelector('[data-consent-message="question"]');
    var confirmation = banner.querySelector('[data-consent-message="' + outcome + '"]');
    if (!confirmation) { return; }
    question.hidden = true;
    confirmation.hidden = false;
    confirmation.focus();
  }

  function enhanceBanner(banner, config) {
    var form = banner.querySelector("form[data-consent-form]");
    if (!form || !window.fetch || !window.FormData) { return; }
    form.addEventListener("submit", function (event) {
      if (form.hasAttribute("data-consent-fallback")) { return; }
      var submitter = event.submitter;
      if (!submitter || !submitter.value) { return; }
      event.preventDefault();
      var data = new FormData(form);
      data.set("action", submitter.value);
      // form.action would be the buttons named "action", not the attribute.
      fetch(form.getAttribute("action"), {
        method: "POST",
        body: data,
        credentials: "same-origin",
        headers: { Accept: "application/json" }
      }).then(function (response) {
        if (!response.ok) { throw new Error("consent " + response.status); }
        return response.json();
      }).then(function () {
        // The response set the cookie: read it back rather than trusting our own state.
        var decision = readDecision(config.version);
        if (!decision) { throw new Error("consent cookie missing"); }
        applyDecision(config, decision);
        setUpEmbeds(decision);
        showConfirmation(banner, submitter.value === "accept" ? "accepted" : "rejected");
      }).catch(function () {
        // Let the browser post the form itself, as it would without JavaScript.
        form.setAttribute("data-consent-fallback", "");
        if (form.requestSubmit) { form.requestSubmit(submitter); } else { form.submit(); }
      });
    });
    Array.prototype.forEach.call(banner.querySelectorAll("[data-consent-hide]"), function (button) {
      button.addEventListener("click", function () { banner.remove(); });
    });
  }

  function start() {
    var banner = document.getElementById("cookie-banner");
    var config = readConfig(banner);
    if (gpc) {
      Array.prototype.forEach.call(document.querySelectorAll("[data-consent-gpc]"), function (note) {
        note.hidden = false;
      });
    }
    var decision = config.version ? readDecision(config.version) : null;
    if (decision) {
      applyDecision(config, decision);
    } else {
      // No decision, or one under an older policy: nothing non-essential may stay.
      CATEGORIES.forEach(function (category) { deleteCookies(config.cookies[category] || []); });
    }
    setUpEmbeds(decision);
    if (banner) { enhanceBanner(banner, config); }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
}());
