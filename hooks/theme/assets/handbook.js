/* Family Handbook: shows today's practice by the phone's own date.
   The site is built once, so "today" can only be worked out in the browser. */
(function () {
  "use strict";
  /* WEEK, isoDate and dateLocale match log_store.js's (window.HandbookLog), but this script also runs
     on pages without it (the library preview), and showToday/markNextCheckIn need them there. */
  var WEEK = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];
  var MON_FIRST = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

  function isoDate(d) {
    var m = String(d.getMonth() + 1).padStart(2, "0");
    return d.getFullYear() + "-" + m + "-" + String(d.getDate()).padStart(2, "0");
  }

  /* The phone's own way of writing dates when it speaks the page's language (en-GB: "Wednesday 25
     November"), so the date reads naturally without switching language mid-sentence. */
  function dateLocale() {
    var page = document.documentElement.lang || "en";
    var phone = navigator.language || page;
    return phone.split("-")[0] === page.split("-")[0] ? phone : page;
  }

  function showToday(now) {
    var box = document.querySelector("[data-hb-today]");
    if (!box) return;
    var key = WEEK[now.getDay()];
    box.querySelectorAll("[data-hb-day]").forEach(function (el) {
      el.hidden = el.getAttribute("data-hb-day") !== key;
    });
    var name = box.querySelector("[data-hb-today-name]");
    name.textContent = now.toLocaleDateString(dateLocale(), { weekday: "long", day: "numeric", month: "long" });
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

  /* Ticks already made today, and the stars so far, so the home page says where things stand. */
  function showProgress(now) {
    var box = document.querySelector("[data-hb-today]");
    var family = box && window.HandbookLog && window.HandbookLog.family();
    if (!family) return;
    var store = window.HandbookLog.open(family);
    var today = isoDate(now);
    box.querySelectorAll("[data-hb-day]:not([hidden]) [data-hb-activity]").forEach(function (item) {
      var done = !!store.entry(today, item.getAttribute("data-hb-activity"));
      item.classList.toggle("hb-is-done", done);
      item.querySelector(".hb-done-mark").hidden = !done;
    });
    var line = box.querySelector("[data-hb-today-stars]");
    var goal = store.family.rewards.goal;
    var stars = store.stars();
    var text;
    if (store.notices().length || store.problem) {
      text = "There is a problem with the saved stars. Open the star chart to see it.";
    } else if (!stars) {
      text = "No stars yet. Tick today’s practice to earn the first one." +
        (goal ? " " + goal.stars + " stars: " + goal.reward + "." : "");
    } else {
      text = stars === 1 ? "★ 1 star so far." : "★ " + stars + " stars so far.";
      if (goal) text += " " + Math.min(store.goalStars(), goal.stars) + " of " + goal.stars + " toward: " + goal.reward + ".";
    }
    line.textContent = text;
    line.hidden = false;
  }

  /* The "We did it today" box at the end of an activity page. */
  function activityDone(now) {
    var box = document.querySelector("[data-hb-done]");
    var family = box && window.HandbookLog && window.HandbookLog.family();
    if (!family) return;
    var store = window.HandbookLog.open(family);
    var today = isoDate(now);
    var activity = store.activity(box.getAttribute("data-hb-done"));
    if (!activity) return;
    var check = box.querySelector("[data-hb-done-box]");
    var status = box.querySelector("[data-hb-done-status]");
    check.checked = !!store.entry(today, activity.id);
    check.addEventListener("change", function () {
      store.tick(today, activity, check.checked);
      var stars = store.stars();
      status.textContent = check.checked
        ? "Saved. Well done! " + (stars === 1 ? "1 star" : stars + " stars") + " so far."
        : "Tick removed.";
    });
    box.hidden = false;
  }

  function printButtons() {
    document.querySelectorAll("button[data-hb-print]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () { window.print(); });
    });
  }

  var now = new Date();
  showToday(now);
  markNextCheckIn(now);
  showProgress(now);
  activityDone(now);
  printButtons();
})();
