/* thidua: keep phase status right by the reader's clock.
   A page built last week still marks the phase that is current today (in the
   site's time zone, Vietnam), moves the "today" marker and the aria-current. */
(function () {
  "use strict";
  var ZONE = "Asia/Ho_Chi_Minh";

  function today() {
    try {
      var parts = new Intl.DateTimeFormat("en-CA", {
        timeZone: ZONE, year: "numeric", month: "2-digit", day: "2-digit"
      }).formatToParts(new Date());
      var get = function (type) {
        return parts.filter(function (p) { return p.type === type; })[0].value;
      };
      return get("year") + "-" + get("month") + "-" + get("day");
    } catch (e) {
      return new Date().toISOString().slice(0, 10);
    }
  }

  function statusOf(el, day) {
    if (day < el.dataset.start) return "upcoming";
    if (day > el.dataset.end) return "done";
    return "current";
  }

  function days(a, b) {
    return Math.round((Date.parse(b) - Date.parse(a)) / 86400000) + 1;
  }

  var LABELS = {phase: {}, campaign: {}};

  function update() {
    var day = today();
    document.querySelectorAll("[data-td-timeline]").forEach(function (timeline) {
      var phases = timeline.querySelectorAll(".td-phase");
      var total = 0, before = 0, marker = null;
      phases.forEach(function (phase) { total += days(phase.dataset.start, phase.dataset.end); });
      phases.forEach(function (phase) {
        var status = statusOf(phase, day);
        setClass(phase, "td-phase--", status);
        if (status === "current") {
          phase.setAttribute("aria-current", "step");
          marker = before + days(phase.dataset.start, day);
        } else {
          phase.removeAttribute("aria-current");
        }
        if (status === "done") before += days(phase.dataset.start, phase.dataset.end);
      });
      var line = timeline.querySelector("[data-td-today]");
      if (line) {
        if (marker === null && statusOf(timeline, day) === "current") marker = before;
        line.hidden = marker === null;
        if (marker !== null) line.style.left = (100 * marker / total).toFixed(2) + "%";
      }
    });
    document.querySelectorAll(".td-phase-detail[data-start]").forEach(function (section) {
      setClass(section, "td-phase-detail--", statusOf(section, day));
    });
    document.querySelectorAll("[data-td-status]").forEach(function (badge) {
      var status = statusOf(badge, day);
      var text = LABELS[badge.dataset.tdStatus][status];
      setClass(badge, "td-badge--", status);
      if (text) badge.textContent = text;
    });
  }

  function setClass(el, prefix, status) {
    ["done", "current", "upcoming"].forEach(function (s) {
      el.classList.toggle(prefix + s, s === status);
    });
  }

  function collectLabels() {
    var script = document.getElementById("td-status-labels");
    if (script) LABELS = JSON.parse(script.textContent);
  }

  function start() { collectLabels(); update(); }
  if (window.document$ && window.document$.subscribe) {
    window.document$.subscribe(start);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
