// smtpbot: instant answers. The page works without this script (the form
// submits to the server, which renders the answer); with it, the answer
// appears as you type, fetched as HTML from /api/ask?format=html so that
// there is one renderer, on the server.
(function () {
  "use strict";
  var form = document.querySelector("form.search");
  var input = document.getElementById("q");
  var out = document.getElementById("answer");
  if (!form || !input || !out || !window.fetch) return;

  var lang = form.getAttribute("data-lang") || "";
  var home = form.getAttribute("action") || "/";
  var timer = 0;
  var pending = null;
  var last = input.value.trim();

  function pageURL(q) {
    var u = home + (q ? "?q=" + encodeURIComponent(q) : "");
    return u.replace(/%20/g, "+");
  }

  // Keep the language links on the same question.
  function relink(q) {
    var links = document.querySelectorAll(".langs a[hreflang]");
    for (var i = 0; i < links.length; i++) {
      var l = links[i].getAttribute("hreflang");
      var base = l === "en" ? "/" : "/" + l + "/";
      var href = base;
      if (q) {
        href += "?q=" + encodeURIComponent(q).replace(/%20/g, "+");
        if (l === "en") href += "&lang=en";
      }
      links[i].setAttribute("href", href);
    }
  }

  function ask(q, push) {
    if (pending) pending.abort();
    if (!q) return;
    var ctl = window.AbortController ? new AbortController() : null;
    pending = ctl;
    var url = "/api/ask?format=html&q=" + encodeURIComponent(q) + (lang ? "&lang=" + encodeURIComponent(lang) : "");
    out.setAttribute("aria-busy", "true");
    fetch(url, ctl ? { signal: ctl.signal } : {})
      .then(function (res) { return res.text(); })
      .then(function (html) {
        out.innerHTML = html;
        out.removeAttribute("aria-busy");
        var h1 = out.querySelector("h1");
        if (h1) document.title = h1.textContent + " · smtpbot";
        var state = pageURL(q);
        if (push) history.pushState(null, "", state);
        else history.replaceState(null, "", state);
        relink(q);
      })
      .catch(function (err) {
        out.removeAttribute("aria-busy");
        // Aborted by a newer keystroke: nothing to do. Anything else: let
        // the server render the page the ordinary way.
        if (err && err.name === "AbortError") return;
        window.location.href = pageURL(q);
      });
  }

  input.addEventListener("input", function () {
    clearTimeout(timer);
    var q = input.value.trim();
    if (q === last) return;
    timer = setTimeout(function () {
      if (q.length < 3) return;
      last = q;
      ask(q, false);
    }, 250);
  });

  form.addEventListener("submit", function (ev) {
    var q = input.value.trim();
    if (!q) return;
    ev.preventDefault();
    clearTimeout(timer);
    last = q;
    ask(q, true);
  });

  window.addEventListener("popstate", function () {
    window.location.reload();
  });
})();
