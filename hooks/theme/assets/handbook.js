/* Family Handbook: shows today's practice by the phone's own date.
   The site is built once, so "today" can only be worked out in the browser. */
(function () {
  "use strict";
  var WEEK = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];
  var MON_FIRST = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

  function isoDate(d) {
    var m = String(d.getMonth() + 1).padStart(2, "0");
    return d.getFullYear() + "-" + m + "-" + String(d.getDate()).padStart(2, "0");
  }

  function showToday(now) {
    var box = document.querySelector("[data-hb-today]");
    if (!box) return;
    var key = WEEK[now.getDay()];
    box.querySelectorAll("[data-hb-day]").forEach(function (el) {
      el.hidden = el.getAttribute("data-hb-day") !== key;
    });
    var name = box.querySelector("[data-hb-today-name]");
    name.textContent = now.toLocaleDateString(document.documentElement.lang || "en",
      { weekday: "long", day: "numeric", month: "long" });
    box.hidden = false;
    var table = document.querySelector(".md-typeset table");
    var row = table && table.tBodies[0] && table.tBodies[0].rows[MON_FIRST.indexOf(key)];
    if (row) {
      row.classList.add("hb-today-row");
      row.setAttribute("aria-current", "date");
    }
  }

  function markNextCheckIn(now) {
    var today = isoDate(now);
    var next = null;
    document.querySelectorAll("[data-hb-date]").forEach(function (el) {
      var date = el.getAttribute("data-hb-date");
      if (date < today) el.closest("li").classList.add("hb-past");
      else if (!next) next = el;
    });
    if (next) {
      var label = document.createElement("span");
      label.className = "hb-next";
      label.textContent = "Next";
      next.closest("li").prepend(label);
    }
  }

  var now = new Date();
  showToday(now);
  markNextCheckIn(now);
})();
