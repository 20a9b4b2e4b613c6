/* The console's only script: auto-submit pickers, the detail panel, and solve progress polling.
   Everything works without it (links open full pages; the job page can be reloaded). */
(function () {
  "use strict";

  document.addEventListener("change", function (ev) {
    var el = ev.target;
    if (el.matches && el.matches("select[data-autosubmit]")) { el.form.submit(); }
  });

  var panel = document.getElementById("panel");
  var body = document.getElementById("panel-body");
  if (panel && body) {
    document.addEventListener("click", function (ev) {
      var a = ev.target.closest && ev.target.closest("a[data-panel]");
      if (a) {
        ev.preventDefault();
        var url = a.getAttribute("href");
        fetch(url + (url.indexOf("?") < 0 ? "?" : "&") + "partial=1", { credentials: "same-origin" })
          .then(function (r) { return r.text().then(function (t) { return { ok: r.ok, text: t }; }); })
          .then(function (res) {
            body.innerHTML = res.ok ? res.text : "<p class='error'>" + res.text.slice(0, 200) + "</p>";
            panel.hidden = false;
            panel.setAttribute("data-loaded", url);
            var h = body.querySelector("h2"); if (h) { h.setAttribute("tabindex", "-1"); h.focus(); }
          });
        return;
      }
      if (ev.target.closest && ev.target.closest("[data-close-panel]")) { panel.hidden = true; }
    });
    document.addEventListener("keydown", function (ev) { if (ev.key === "Escape") { panel.hidden = true; } });
  }

  var box = document.getElementById("job-progress");
  if (box && box.getAttribute("data-active") === "1") {
    var url = box.getAttribute("data-progress-url");
    var set = function (id, v) { var el = document.getElementById(id); if (el) { el.textContent = (v === null || v === undefined) ? "–" : v; } };
    var poll = function () {
      fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
        .then(function (r) { return r.json(); })
        .then(function (p) {
          var st = document.getElementById("job-status");
          st.textContent = p.status_label; st.className = "status status-" + p.status; st.setAttribute("data-status", p.status);
          set("job-objective", p.objective); set("job-bound", p.bound); set("job-seconds", p.seconds);
          set("job-shortfall", p.shortfall_places);
          if (p.error) { var e = document.getElementById("job-error"); e.textContent = p.error; e.hidden = false; }
          if (p.active) { setTimeout(poll, 1500); }
          else {
            box.setAttribute("data-active", "0");
            var done = document.getElementById("job-done"); if (done) { done.hidden = false; }
            var cancel = document.getElementById("cancel-form"); if (cancel) { cancel.hidden = true; }
          }
        })
        .catch(function () { setTimeout(poll, 3000); });
    };
    setTimeout(poll, 1000);
  }
})();
