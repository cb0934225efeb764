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

  var LABELS = {};

  function update() {
    var day = today();
    document.querySelectorAll("[data-td-timeline]").forEach(function (timeline) {
      var phases = timeline.querySelectorAll(".td-phase");
      var total = 0, before = 0, marker = null;
      phases.forEach(function (phase) { total += days(phase.dataset.start, phase.dataset.end); });
      phases.forEach(function (phase) {
        var status = statusOf(phase, day);
        var length = days(phase.dataset.start, phase.dataset.end);
        setStatus(phase, "td-phase--", status);
        if (status === "current") {
          phase.setAttribute("aria-current", "step");
          marker = before + days(phase.dataset.start, day);
        } else {
          phase.removeAttribute("aria-current");
        }
        if (status === "done") before += length;
      });
      var today = timeline.querySelector("[data-td-today]");
      if (today) {
        var running = statusOf(timeline, day) === "current";
        if (marker === null && running) marker = before;
        today.hidden = marker === null;
        if (marker !== null) today.style.left = (100 * marker / total).toFixed(2) + "%";
      }
    });
    document.querySelectorAll(".td-phase-detail[data-start]").forEach(function (section) {
      setStatus(section, "td-phase-detail--", statusOf(section, day));
    });
  }

  function setStatus(el, prefix, status) {
    ["done", "current", "upcoming"].forEach(function (s) {
      el.classList.toggle(prefix + s, s === status);
    });
    var badge = el.querySelector("[data-td-status-text]");
    if (badge) {
      var old = badge.className.match(/td-badge--(\w+)/);
      if (old) LABELS[old[1]] = LABELS[old[1]] || badge.textContent;
      if (LABELS[status]) badge.textContent = LABELS[status];
      badge.className = "td-badge td-badge--" + status;
    }
  }

  function collectLabels() {
    document.querySelectorAll("[data-td-status-text]").forEach(function (badge) {
      var m = badge.className.match(/td-badge--(\w+)/);
      if (m && !LABELS[m[1]]) LABELS[m[1]] = badge.textContent;
    });
    var script = document.getElementById("td-status-labels");
    if (script) {
      var extra = JSON.parse(script.textContent);
      for (var k in extra) if (!LABELS[k]) LABELS[k] = extra[k];
    }
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
