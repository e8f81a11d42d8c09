/* Family Handbook: the star chart page. Fills the page's <template>s with text only (never HTML),
   from the family data and the log in this browser (log_store.js). */
(function () {
  "use strict";
  var HL = window.HandbookLog;
  var root = document.querySelector("[data-hb-log]");
  var family = HL && HL.family();
  if (!root || !family) return;

  var store = HL.open(family);
  var goal = family.rewards.goal;
  var today = HL.isoDate(new Date());
  var selected = today;
  var weeksShown = 4;
  var DAYS_BACK = 6;
  var lang = HL.dateLocale(); // the phone's date style when it speaks the page's language
  var RATING_WORDS = { easy: "easy", "just-right": "just right", hard: "hard" };

  function $(selector) {
    return root.querySelector(selector);
  }

  function fromTemplate(name) {
    return $("[data-hb-" + name + "-template]").content.firstElementChild.cloneNode(true);
  }

  function plural(n, one, many) {
    return n + " " + (n === 1 ? one : many);
  }

  function dateText(iso, options) {
    return HL.parseDate(iso).toLocaleDateString(lang, options || { weekday: "long", day: "numeric", month: "long" });
  }

  function shortDate(iso) {
    return dateText(iso, { weekday: "short", day: "numeric", month: "short" });
  }

  function dayTitle(iso) {
    if (iso === today) return "Today, " + dateText(iso);
    if (iso === HL.addDays(today, -1)) return "Yesterday, " + dateText(iso);
    return dateText(iso);
  }

  function state() {
    return {
      goalReached: !!goal && store.goalStars() >= goal.stars,
      dayDone: store.entriesOn(selected).length > 0
    };
  }

  function changed(before) {
    var after = state();
    var celebrate = (after.goalReached && !before.goalReached) ||
      (family.rewards.style === "small-and-often" && after.dayDone && !before.dayDone);
    renderReward(celebrate);
    renderHistory();
    renderShare();
    showProblem();
  }

  // ----- the day's ticks -----

  function taskRow(activity, entry) {
    var row = fromTemplate("task");
    var box = row.querySelector("[data-hb-task-box]");
    var rating = row.querySelector("[data-hb-rating]");
    var radios = rating.querySelectorAll("input[type=radio]");
    row.querySelector("[data-hb-task-name]").textContent = activity.title;
    row.querySelector("[data-hb-task-dose]").textContent = activity.minutes + " min";
    box.checked = !!entry;
    box.value = activity.id;
    rating.hidden = !entry;
    radios.forEach(function (radio) {
      radio.name = "hb-rating-" + activity.id;
      radio.checked = !!entry && entry.rating === radio.value;
      radio.addEventListener("change", function () {
        if (radio.checked) store.rate(selected, activity.id, radio.value);
        renderShare();
        renderHistory();
      });
    });
    box.addEventListener("change", function () {
      var before = state();
      store.tick(selected, activity, box.checked);
      rating.hidden = !box.checked;
      if (!box.checked) radios.forEach(function (radio) { radio.checked = false; });
      changed(before);
    });
    return row;
  }

  function renderDay(dayChanged) {
    $("[data-hb-day-title]").textContent = dayTitle(selected);
    var planned = store.plannedOn(selected);
    var plannedIds = planned.map(function (a) { return a.id; });
    var done = store.entriesOn(selected);
    var minutes = planned.reduce(function (sum, a) { return sum + a.minutes; }, 0);
    $("[data-hb-day-summary]").textContent = planned.length
      ? plural(planned.length, "activity", "activities") + ", " + plural(minutes, "minute", "minutes") +
        " in all. Tick each one you did."
      : "A rest day: nothing planned. Did some practice anyway? Add it below.";
    var rows = planned.map(function (a) {
      return taskRow(a, store.entry(selected, a.id));
    });
    // entries of activities no longer in the plan stay visible, so they can still be unticked
    done.forEach(function (e) {
      if (!store.activity(e.activity)) rows.push(taskRow({ id: e.activity, title: e.title, minutes: e.minutes }, e));
    });
    $("[data-hb-tasks]").replaceChildren.apply($("[data-hb-tasks]"), rows);
    var others = family.activities.filter(function (a) { return plannedIds.indexOf(a.id) < 0; });
    var more = $("[data-hb-more]");
    more.replaceChildren.apply(more, others.map(function (a) { return taskRow(a, store.entry(selected, a.id)); }));
    var moreBox = $("[data-hb-more-box]");
    moreBox.hidden = others.length === 0;
    if (dayChanged) {
      moreBox.open = planned.length === 0 || others.some(function (a) { return store.entry(selected, a.id); });
    }
    $("[data-hb-day-prev]").disabled = selected <= HL.addDays(today, -DAYS_BACK);
    $("[data-hb-day-next]").disabled = selected >= today;
  }

  function moveDay(step) {
    var target = HL.addDays(selected, step);
    if (target > today || target < HL.addDays(today, -DAYS_BACK)) return;
    selected = target;
    renderDay(true);
    renderReward(false);
  }

  // ----- stars, reward and streak -----

  function renderReward(celebrate) {
    var stars = store.stars();
    $("[data-hb-stars]").textContent = stars
      ? "★ " + plural(stars, "star", "stars") + " so far."
      : "No stars yet. The first tick earns the first star.";
    var text = "";
    var reached = false;
    if (goal) {
      var toward = Math.min(store.goalStars(), goal.stars);
      $("[data-hb-goal-count]").textContent = toward + " of " + goal.stars + " stars";
      $("[data-hb-goal-progress]").value = toward;
      reached = store.goalStars() >= goal.stars;
      $("[data-hb-claim]").hidden = !reached;
    }
    if (reached) {
      text = family.child + " reached " + goal.stars + " stars! Time for: " + goal.reward + ".";
    } else if (family.rewards.style === "small-and-often" && store.entriesOn(selected).length) {
      text = (selected === today ? "Practice done today. Well done! " : "Practice done that day. Well done! ") +
        "Time for: " + family.rewards.small + ".";
    } else if (goal && family.rewards.style === "save-up") {
      text = plural(goal.stars - store.goalStars(), "more star", "more stars") + " to " + goal.reward + ".";
    }
    var box = $("[data-hb-celebrate]");
    box.classList.toggle("hb-celebrating", reached || (text !== "" && family.rewards.style === "small-and-often"));
    $("[data-hb-celebrate-text]").textContent = text;
    var burst = $("[data-hb-burst]");
    burst.classList.remove("hb-burst-go");
    burst.hidden = !celebrate;
    if (celebrate) {
      void burst.offsetWidth; // restart the animation when it plays twice in a row
      burst.classList.add("hb-burst-go");
    }
    renderStreak();
    renderClaimed();
  }

  function renderStreak() {
    var run = store.streak(today);
    var days = store.practiceDays(HL.addDays(today, -27), today);
    var text;
    if (!days) text = "Every tick counts. One activity today is a great start.";
    else {
      text = "Practice on " + plural(days, "day", "days") + " in the last 4 weeks.";
      if (run >= 2) text = plural(run, "practice day", "practice days") + " in a row. " + text;
    }
    $("[data-hb-streak]").textContent = text;
  }

  function renderClaimed() {
    var list = $("[data-hb-claimed]");
    var items = store.log.rewards_claimed.slice().reverse().map(function (c) {
      var li = document.createElement("li");
      li.textContent = "Reward on " + shortDate(c.date) + ": " + c.reward;
      return li;
    });
    list.replaceChildren.apply(list, items);
    list.hidden = items.length === 0;
  }

  // ----- recent weeks -----

  function weekStart(iso) {
    return HL.addDays(iso, -((HL.parseDate(iso).getDay() + 6) % 7));
  }

  function renderHistory() {
    var box = $("[data-hb-history]");
    var start = weekStart(today);
    var sections = [];
    for (var w = 0; w < weeksShown; w++) {
      var from = HL.addDays(start, -7 * w);
      var to = HL.addDays(from, 6);
      var entries = store.log.entries.filter(function (e) { return e.date >= from && e.date <= to; });
      var byDay = {};
      entries.forEach(function (e) { (byDay[e.date] = byDay[e.date] || []).push(e); });
      var week = fromTemplate("week");
      week.querySelector("[data-hb-week-title]").textContent =
        w === 0 ? "This week" : w === 1 ? "Last week" : "Week of " + dateText(from, { day: "numeric", month: "long" });
      week.querySelector("[data-hb-week-total]").textContent = entries.length
        ? plural(entries.length, "star", "stars") + " on " + plural(Object.keys(byDay).length, "day", "days") + "."
        : "A quiet week.";
      var list = week.querySelector("[data-hb-week-days]");
      Object.keys(byDay).sort().forEach(function (date) {
        var li = fromTemplate("history-day");
        var items = byDay[date];
        li.querySelector("[data-hb-history-date]").textContent = shortDate(date);
        li.querySelector("[data-hb-history-stars]").textContent = "★".repeat(items.length);
        li.querySelector("[data-hb-history-count]").textContent = plural(items.length, "star", "stars");
        li.querySelector("[data-hb-history-what]").textContent = items.map(function (e) {
          return e.title + (e.rating ? " (" + RATING_WORDS[e.rating] + ")" : "");
        }).join(", ");
        list.appendChild(li);
      });
      list.hidden = entries.length === 0;
      sections.push(week);
    }
    box.replaceChildren.apply(box, sections);
    var oldest = HL.addDays(start, -7 * (weeksShown - 1));
    $("[data-hb-older]").hidden = !store.log.entries.some(function (e) { return e.date < oldest; });
  }

  // ----- saving, loading, printing -----

  function fileName(ext) {
    var child = family.child.normalize("NFKD").replace(/[^A-Za-z0-9]+/g, "-").replace(/^-|-$/g, "") || "child";
    return "stars-" + child + "-" + today + "." + ext;
  }

  function download(name, type, text) {
    var url = URL.createObjectURL(new Blob([text], { type: type }));
    var link = document.createElement("a");
    link.href = url;
    link.download = name;
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 60000);
  }

  function importMessage(out) {
    if (out.error) return out.error + " Nothing was changed.";
    var r = out.result;
    var parts = [];
    if (r.added) parts.push(plural(r.added, "practice", "practices") + " added");
    if (r.rewards) parts.push(plural(r.rewards, "reward", "rewards") + " added");
    if (r.filled) parts.push("“how it went” filled in for " + plural(r.filled, "practice", "practices"));
    var text = parts.length ? "Loaded: " + parts.join(", ") + "." : "Everything in this file was already here.";
    if (r.same) text += " " + plural(r.same, "practice was", "practices were") + " already here.";
    if (r.kept) {
      text += " " + plural(r.kept, "practice has", "practices have") +
        " a different “how it went” on this phone; the one on this phone was kept.";
    }
    return text;
  }

  function onImport(input) {
    var file = input.files && input.files[0];
    var result = $("[data-hb-import-result]");
    if (!file) return;
    var show = function (out) {
      result.textContent = importMessage(out);
      result.classList.toggle("hb-result-bad", !!out.error);
      input.value = "";
      if (!out.error) {
        renderDay(false);
        changed(state());
      }
    };
    if (file.size > 5 * 1024 * 1024) {
      show({ error: "This file is too big to be a saved star chart." });
      return;
    }
    file.text().then(function (text) { show(store.importText(text)); },
      function () { show({ error: "This file could not be opened." }); });
  }

  // ----- the summary for the therapist -----

  function summaryText() {
    var from = HL.addDays(today, -13);
    var entries = store.log.entries.filter(function (e) { return e.date >= from && e.date <= today; });
    var lines = [family.child + "’s home practice, " + shortDate(from) + " to " + shortDate(today) + ":"];
    if (!entries.length) lines.push("Nothing ticked in the star chart in these two weeks.");
    else {
      var minutes = entries.reduce(function (sum, e) { return sum + e.minutes; }, 0);
      lines.push("Practice on " + plural(store.practiceDays(from, today), "day", "days") + ", " +
        plural(entries.length, "activity", "activities") + ", " + plural(minutes, "minute", "minutes") + " in all.");
      var byTitle = {};
      entries.forEach(function (e) {
        var t = byTitle[e.title] = byTitle[e.title] || { count: 0, easy: 0, "just-right": 0, hard: 0 };
        t.count++;
        if (e.rating) t[e.rating]++;
      });
      Object.keys(byTitle).forEach(function (title) {
        var t = byTitle[title];
        var how = Object.keys(RATING_WORDS).filter(function (r) { return t[r]; })
          .map(function (r) { return t[r] + " " + RATING_WORDS[r]; });
        lines.push("- " + title + ": " + plural(t.count, "time", "times") + (how.length ? " (" + how.join(", ") + ")" : ""));
      });
    }
    if (goal) lines.push("Stars toward “" + goal.reward + "”: " + Math.min(store.goalStars(), goal.stars) + " of " + goal.stars + ".");
    store.log.rewards_claimed.forEach(function (c) {
      if (c.date >= from) lines.push("Reward on " + shortDate(c.date) + ": " + c.reward + ".");
    });
    return lines.join("\n");
  }

  function renderShare() {
    var text = summaryText();
    var subject = family.child + "’s home practice";
    $("[data-hb-summary]").textContent = text;
    var share = $("[data-hb-share]");
    var email = $("[data-hb-share-email]");
    var sms = $("[data-hb-share-sms]");
    var canShare = typeof navigator.share === "function";
    share.hidden = !canShare;
    if (email) {
      email.hidden = canShare;
      email.href = "mailto:" + family.therapist.email + "?subject=" + encodeURIComponent(subject) +
        "&body=" + encodeURIComponent(text);
    }
    if (sms) {
      sms.hidden = canShare;
      // "?&body=" is read by both iPhone and Android messaging apps
      sms.href = "sms:" + family.therapist.phone.replace(/[^0-9+]/g, "") + "?&body=" + encodeURIComponent(text);
    }
  }

  // ----- problems with the stored stars -----

  function showProblem() {
    var notice = $("[data-hb-notice]");
    var kept = store.notices();
    var text = store.problem || "";
    if (!text && kept.length) {
      text = "The stars saved on this phone could not be read, so the chart started again. Nothing was " +
        "deleted: the old copy is kept aside. Tap “Save the unreadable copy” and send the file to " +
        family.therapist.name + ", who can help.";
    }
    $("[data-hb-notice-text]").textContent = text;
    $("[data-hb-notice-save]").hidden = !kept.length;
    notice.hidden = !text;
  }

  function wire() {
    $("[data-hb-day-prev]").addEventListener("click", function () { moveDay(-1); });
    $("[data-hb-day-next]").addEventListener("click", function () { moveDay(1); });
    $("[data-hb-export-json]").addEventListener("click", function () {
      download(fileName("json"), "application/json", JSON.stringify(store.exportData(new Date()), null, 2) + "\n");
    });
    $("[data-hb-export-csv]").addEventListener("click", function () {
      download(fileName("csv"), "text/csv", store.exportCsv());
    });
    $("[data-hb-import]").addEventListener("change", function (event) { onImport(event.target); });
    var claim = $("[data-hb-claim]");
    if (claim) {
      claim.addEventListener("click", function () {
        if (store.claim(today)) {
          changed(state());
          $("[data-hb-celebrate-text]").textContent = "Enjoy it! A new goal starts now: " +
            Math.min(store.goalStars(), goal.stars) + " of " + goal.stars + " stars.";
          $("[data-hb-celebrate-text]").focus(); // the button just pressed is gone
        }
      });
    }
    $("[data-hb-older]").addEventListener("click", function () {
      weeksShown += 4;
      renderHistory();
    });
    $("[data-hb-share]").addEventListener("click", function () {
      navigator.share({ title: family.child + "’s home practice", text: summaryText() }).catch(function () {});
    });
    $("[data-hb-notice-save]").addEventListener("click", function () {
      var copies = store.notices().map(function (key) { return key + "\n" + store.unreadable(key); });
      download("unreadable-stars-" + today + ".txt", "text/plain", copies.join("\n\n") + "\n");
    });
    $("[data-hb-notice-ok]").addEventListener("click", function () {
      store.dismissNotices();
      store.problem = null;
      showProblem();
    });
  }

  root.querySelectorAll("[data-hb-app]").forEach(function (el) { el.hidden = false; });
  wire();
  renderDay(true);
  renderReward(false);
  renderHistory();
  renderShare();
  showProblem();
})();
