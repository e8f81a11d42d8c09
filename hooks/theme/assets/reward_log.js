/* Family Handbook: the star chart page. Fills the page's <template>s with text only (never HTML),
   from the family data and the log in this browser (log_store.js). */

import { addDays, formatDate, isoDate, weekStart } from "./dates.js";
import { open, readFamily } from "./log_store.js";
import { runsInstalled } from "./offline.js";
import { list, t, tn } from "./words.js";

const root = document.querySelector("[data-hb-log]");
const family = readFamily();
if (root && family) starChart(root, family);

function starChart(root, family) {
  const store = open(family);
  const goal = family.rewards.goal;
  const today = isoDate(new Date());
  let selected = today;
  let weeksShown = 4;
  let gridWeeks = 4;
  const DAYS_BACK = 6;
  const STARS_DRAWN = 3; // more than this in a cell shows as a count: a row of them would not fit at 320 px
  // how it went, as the parent said: in the history, and counted in the summary
  const RATING_WORDS = { easy: "rating_easy", "just-right": "rating_just_right", hard: "rating_hard" };
  const RATING_COUNTS = { easy: "summary_easy", "just-right": "summary_just_right", hard: "summary_hard" };

  function $(selector) {
    return root.querySelector(selector);
  }

  function fromTemplate(name) {
    return $("[data-hb-" + name + "-template]").content.firstElementChild.cloneNode(true);
  }

  function dayTitle(iso) {
    const date = formatDate(iso, "day");
    if (iso === today) return t("day_today", { date: date });
    if (iso === addDays(today, -1)) return t("day_yesterday", { date: date });
    return date;
  }

  /* What the plan asked of a day and what was ticked: `allDone` only when every planned activity is. */
  function dayStatus(iso) {
    const planned = store.plannedOn(iso);
    const done = planned.filter(function (a) { return store.entry(iso, a.id); }).length;
    return { planned: planned.length, done: done, stars: store.entriesOn(iso).length,
      allDone: planned.length > 0 && done === planned.length };
  }

  function state() {
    return {
      goalReached: !!goal && store.goalStars() >= goal.stars,
      dayDone: store.entriesOn(selected).length > 0
    };
  }

  function changed(before) {
    const after = state();
    const celebrate = (after.goalReached && !before.goalReached) ||
      (family.rewards.style === "small-and-often" && after.dayDone && !before.dayDone);
    renderDaySummary();
    renderReward(celebrate);
    renderGrid();
    renderHistory();
    renderShare();
    showProblem();
  }

  // ----- the day's ticks -----

  function taskRow(activity, entry) {
    const row = fromTemplate("task");
    const box = row.querySelector("[data-hb-task-box]");
    const rating = row.querySelector("[data-hb-rating]");
    const radios = rating.querySelectorAll("input[type=radio]");
    row.querySelector("[data-hb-task-name]").textContent = activity.title;
    row.querySelector("[data-hb-task-dose]").textContent = tn("minutes_short", activity.minutes);
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
      const before = state();
      store.tick(selected, activity, box.checked);
      rating.hidden = !box.checked;
      if (!box.checked) radios.forEach(function (radio) { radio.checked = false; });
      changed(before);
    });
    return row;
  }

  /* The line under the day's title: what is planned, how much of it is ticked, or a rest day. */
  function daySummary(iso) {
    const status = dayStatus(iso);
    if (!status.planned) return status.stars ? tn("day_rest_extra", status.stars) : t("day_rest");
    if (status.allDone) return t(iso === today ? "day_all_done_today" : "day_all_done_that_day");
    if (status.done) return tn("day_part_done", status.planned, { done: status.done });
    const minutes = store.plannedOn(iso).reduce(function (sum, a) { return sum + a.minutes; }, 0);
    return t("day_summary", { activities: tn("activities", status.planned), minutes: tn("minutes", minutes) });
  }

  function renderDaySummary() {
    $("[data-hb-day-summary]").textContent = daySummary(selected);
  }

  function renderDay(dayChanged) {
    $("[data-hb-day-title]").textContent = dayTitle(selected);
    const planned = store.plannedOn(selected);
    const plannedIds = planned.map(function (a) { return a.id; });
    const done = store.entriesOn(selected);
    renderDaySummary();
    const rows = planned.map(function (a) {
      return taskRow(a, store.entry(selected, a.id));
    });
    // entries of activities no longer in the plan stay visible, so they can still be unticked
    done.forEach(function (e) {
      if (!store.activity(e.activity)) rows.push(taskRow({ id: e.activity, title: e.title, minutes: e.minutes }, e));
    });
    $("[data-hb-tasks]").replaceChildren(...rows);
    const others = family.activities.filter(function (a) { return plannedIds.indexOf(a.id) < 0; });
    $("[data-hb-more]").replaceChildren(...others.map(function (a) { return taskRow(a, store.entry(selected, a.id)); }));
    const moreBox = $("[data-hb-more-box]");
    moreBox.hidden = others.length === 0;
    $("[data-hb-more-label]").textContent = !planned.length ? t("more_rest_day")
      : selected === today ? t("more_today") : t("more_that_day");
    // closed unless something in it is ticked: a rest day shows no box to tick until asked
    if (dayChanged) moreBox.open = others.some(function (a) { return store.entry(selected, a.id); });
    $("[data-hb-day-prev]").disabled = selected <= addDays(today, -DAYS_BACK);
    $("[data-hb-day-next]").disabled = selected >= today;
  }

  function canPick(iso) {
    return iso <= today && iso >= addDays(today, -DAYS_BACK);
  }

  function selectDay(iso) {
    if (!canPick(iso)) return;
    selected = iso;
    renderDay(true);
    renderReward(false);
    renderGrid();
  }

  function moveDay(step) {
    selectDay(addDays(selected, step));
  }

  // ----- stars, reward and streak -----

  function rewardText(reached) {
    if (reached) return tn("goal_reached", goal.stars, { child: family.child, reward: goal.reward });
    const day = dayStatus(selected);
    if (family.rewards.style === "small-and-often" && day.stars) {
      // a day with practice earns the small reward; "done" is said only once all of the day's plan is
      const reward = { reward: family.rewards.small };
      if (day.allDone || !day.planned) {
        return t(selected === today ? "small_reward_today" : "small_reward_that_day", reward);
      }
      return t("small_reward_practice_day", reward);
    }
    if (goal && family.rewards.style === "save-up") {
      return tn("more_stars_to", goal.stars - store.goalStars(), { reward: goal.reward });
    }
    return "";
  }

  function renderReward(celebrate) {
    const stars = store.stars();
    $("[data-hb-stars]").textContent = stars ? tn("stars_so_far", stars) : t("chart_no_stars");
    let reached = false;
    if (goal) {
      const toward = store.towardGoal();
      $("[data-hb-goal-count]").textContent = tn("goal_count", goal.stars, { toward: toward });
      $("[data-hb-goal-progress]").value = toward;
      reached = store.goalStars() >= goal.stars;
      $("[data-hb-claim]").hidden = !reached;
    }
    const text = rewardText(reached);
    const box = $("[data-hb-celebrate]");
    box.classList.toggle("hb-celebrating", reached || (text !== "" && family.rewards.style === "small-and-often"));
    $("[data-hb-celebrate-text]").textContent = text;
    const burst = $("[data-hb-burst]");
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
    const run = store.streak(today);
    const days = store.practiceDays(addDays(today, -27), today);
    let text;
    if (!days) text = t("streak_none");
    else if (run >= 2) text = tn("streak_in_a_row", run, { days: tn("days", days) });
    else text = tn("streak_days", days);
    $("[data-hb-streak]").textContent = text;
  }

  function renderClaimed() {
    const claimed = $("[data-hb-claimed]");
    const items = store.log.rewards_claimed.slice().reverse().map(function (c) {
      const li = document.createElement("li");
      li.textContent = t("claimed_reward", { date: formatDate(c.date, "short"), reward: c.reward });
      return li;
    });
    claimed.replaceChildren(...items);
    claimed.hidden = items.length === 0;
  }

  // ----- the chart: a row for each week, a cell for each day -----

  function cellLabel(iso, status) {
    const date = formatDate(iso, "day");
    if (iso > today) return date;
    if (status.stars) return tn(status.allDone ? "grid_all_done" : "grid_stars", status.stars, { date: date });
    if (!status.planned) return t("grid_rest", { date: date });
    return t(iso === today ? "grid_no_stars_yet" : "grid_no_stars", { date: date });
  }

  function cellStars(iso, status) {
    if (iso > today) return "";
    if (status.stars > STARS_DRAWN) return tn("grid_many_stars", status.stars);
    if (status.stars) return "★".repeat(status.stars);
    return status.planned ? "" : "–";
  }

  function gridCell(iso) {
    const status = dayStatus(iso);
    const pick = canPick(iso);
    const cell = fromTemplate(pick ? "grid-pick" : "grid-day");
    const kind = iso > today ? "future" : status.allDone ? "all" : status.stars ? "some"
      : status.planned ? "open" : "rest";
    cell.classList.add("hb-grid-" + kind);
    cell.querySelector("[data-hb-grid-date]").textContent = t("grid_day_number", { day: Number(iso.slice(8)) });
    cell.querySelector("[data-hb-grid-stars]").textContent = cellStars(iso, status);
    cell.querySelector("[data-hb-grid-label]").textContent = cellLabel(iso, status);
    if (iso === today) cell.setAttribute("aria-current", "date");
    if (pick) {
      cell.setAttribute("data-hb-grid-pick", iso);
      cell.setAttribute("aria-pressed", String(iso === selected));
    }
    const td = document.createElement("td");
    if (iso === today) td.className = "hb-grid-today";
    td.appendChild(cell);
    return td;
  }

  function renderGrid() {
    const start = weekStart(today);
    const rows = [];
    for (let w = gridWeeks - 1; w >= 0; w--) { // the oldest week on top, as a calendar reads
      const monday = addDays(start, -7 * w);
      const row = document.createElement("tr");
      for (let d = 0; d < 7; d++) row.appendChild(gridCell(addDays(monday, d)));
      rows.push(row);
    }
    $("[data-hb-grid-weeks]").replaceChildren(...rows);
    const oldest = addDays(start, -7 * (gridWeeks - 1));
    $("[data-hb-grid-older]").hidden = !store.log.entries.some(function (e) { return e.date < oldest; });
  }

  function onGridClick(event) {
    const button = event.target.closest("[data-hb-grid-pick]");
    if (!button) return;
    selectDay(button.getAttribute("data-hb-grid-pick"));
    const title = $("[data-hb-day-title]");
    title.focus({ preventScroll: true });
    // the day's ticks are above the chart: glide there, or jump for those who asked for less motion
    const still = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    title.closest("section").scrollIntoView({ behavior: still ? "auto" : "smooth", block: "start" });
  }

  // ----- recent weeks -----

  function weekTitle(w, from) {
    if (w === 0) return t("this_week");
    if (w === 1) return t("last_week");
    return t("week_of", { date: formatDate(from, "month_day") });
  }

  function renderHistory() {
    const box = $("[data-hb-history]");
    const start = weekStart(today);
    const sections = [];
    for (let w = 0; w < weeksShown; w++) {
      const from = addDays(start, -7 * w);
      const to = addDays(from, 6);
      const entries = store.log.entries.filter(function (e) { return e.date >= from && e.date <= to; });
      const byDay = {};
      entries.forEach(function (e) { (byDay[e.date] = byDay[e.date] || []).push(e); });
      const week = fromTemplate("week");
      week.querySelector("[data-hb-week-title]").textContent = weekTitle(w, from);
      week.querySelector("[data-hb-week-total]").textContent = entries.length
        ? tn("week_total", entries.length, { days: tn("days", Object.keys(byDay).length) })
        : t("week_quiet");
      const days = week.querySelector("[data-hb-week-days]");
      Object.keys(byDay).sort().forEach(function (date) {
        const li = fromTemplate("history-day");
        const items = byDay[date];
        li.querySelector("[data-hb-history-date]").textContent = formatDate(date, "short");
        li.querySelector("[data-hb-history-stars]").textContent = "★".repeat(items.length);
        li.querySelector("[data-hb-history-count]").textContent = tn("stars", items.length);
        li.querySelector("[data-hb-history-what]").textContent = list(items.map(function (e) {
          return e.rating ? t("rated_practice", { title: e.title, rating: t(RATING_WORDS[e.rating]) }) : e.title;
        }));
        days.appendChild(li);
      });
      days.hidden = entries.length === 0;
      sections.push(week);
    }
    box.replaceChildren(...sections);
    const oldest = addDays(start, -7 * (weeksShown - 1));
    $("[data-hb-older]").hidden = !store.log.entries.some(function (e) { return e.date < oldest; });
  }

  // ----- saving, loading, printing -----

  function fileName(ext) {
    const child = family.child.normalize("NFKD").replace(/[^A-Za-z0-9]+/g, "-").replace(/^-|-$/g, "") || "child";
    return "stars-" + child + "-" + today + "." + ext;
  }

  function download(name, type, text) {
    const url = URL.createObjectURL(new Blob([text], { type: type }));
    const link = document.createElement("a");
    link.href = url;
    link.download = name;
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 60000);
  }

  /* What loading a saved copy did, in whole sentences. */
  function importMessage(out) {
    if (out.error) return out.error;
    const r = out.result;
    const parts = [];
    if (r.added) parts.push(tn("loaded_practices", r.added));
    if (r.rewards) parts.push(tn("loaded_rewards", r.rewards));
    if (r.filled) parts.push(tn("loaded_filled_in", r.filled));
    const sentences = [parts.length ? t("loaded", { what: list(parts) }) : t("loaded_nothing_new")];
    if (r.same) sentences.push(tn("loaded_already_here", r.same));
    if (r.kept) sentences.push(tn("loaded_kept_this_phones", r.kept));
    return sentences.join(" ");
  }

  function onImport(input) {
    const file = input.files && input.files[0];
    const result = $("[data-hb-import-result]");
    if (!file) return;
    const show = function (out) {
      result.textContent = importMessage(out);
      result.classList.toggle("hb-result-bad", !!out.error);
      input.value = "";
      if (!out.error) {
        renderDay(false);
        changed(state());
      }
    };
    if (file.size > 5 * 1024 * 1024) {
      show({ error: t("import_too_big") });
      return;
    }
    file.text().then(function (text) { show(store.importText(text)); },
      function () { show({ error: t("import_not_opened") }); });
  }

  // ----- keeping the stars: the browser's promise, and a copy now and then -----

  /* Whether the browser promised to keep this site's data when the phone runs low on space. */
  function showPersisted() {
    if (!navigator.storage || typeof navigator.storage.persisted !== "function") return;
    const line = $("[data-hb-persist]");
    navigator.storage.persisted().then(function (kept) {
      line.textContent = kept ? t("persist_granted")
        : t("persist_not_granted") + " " + t(runsInstalled() ? "persist_tip_installed" : "persist_tip");
      line.hidden = false;
    }, function () {});
  }

  function kept(name) {
    try {
      return localStorage.getItem(store.prefix + name);
    } catch (err) {
      return null;
    }
  }

  function keep(name, value) {
    try {
      localStorage.setItem(store.prefix + name, value);
    } catch (err) { /* out of space or not allowed: the offer may come again, nothing else changes */ }
  }

  function saveCopy() {
    download(fileName("json"), "application/json", JSON.stringify(store.exportData(new Date()), null, 2) + "\n");
    keep("saved", today);
  }

  /* After 30 days without a saved copy (counted from the oldest star when there is none), one calm
     offer, at most once in 30 days. */
  function offerCopy() {
    const monthAgo = addDays(today, -30);
    const saved = kept("saved");
    const offered = kept("copy-offered");
    const since = saved || (store.log.entries.length ? store.log.entries[0].date : null);
    const newer = store.log.entries.some(function (e) { return !saved || e.date >= saved; });
    if (!since || since > monthAgo || !newer || (offered && offered > monthAgo)) return;
    keep("copy-offered", today);
    const offer = $("[data-hb-copy-offer]");
    function done() {
      offer.hidden = true;
      $("[data-hb-day-title]").focus({ preventScroll: true }); // the button just pressed is gone
    }
    offer.querySelector("[data-hb-copy-offer-save]").addEventListener("click", function () {
      saveCopy();
      done();
    });
    offer.querySelector("[data-hb-copy-offer-later]").addEventListener("click", done);
    offer.hidden = false;
  }

  // ----- the summary for the therapist -----

  function summaryText() {
    const from = addDays(today, -13);
    const entries = store.log.entries.filter(function (e) { return e.date >= from && e.date <= today; });
    const lines = [t("summary_title",
      { child: family.child, from: formatDate(from, "short"), to: formatDate(today, "short") })];
    if (!entries.length) lines.push(t("summary_nothing"));
    else {
      const minutes = entries.reduce(function (sum, e) { return sum + e.minutes; }, 0);
      lines.push(tn("summary_totals", store.practiceDays(from, today),
        { activities: tn("activities", entries.length), minutes: tn("minutes", minutes) }));
      const byTitle = {};
      entries.forEach(function (e) {
        const counts = byTitle[e.title] = byTitle[e.title] || { count: 0, easy: 0, "just-right": 0, hard: 0 };
        counts.count++;
        if (e.rating) counts[e.rating]++;
      });
      Object.keys(byTitle).forEach(function (title) {
        const counts = byTitle[title];
        const how = Object.keys(RATING_COUNTS).filter(function (r) { return counts[r]; })
          .map(function (r) { return tn(RATING_COUNTS[r], counts[r]); });
        lines.push("- " + (how.length
          ? tn("summary_activity_rated", counts.count, { title: title, ratings: list(how) })
          : tn("summary_activity", counts.count, { title: title })));
      });
    }
    if (goal) {
      lines.push(t("summary_goal",
        { reward: goal.reward, toward: store.towardGoal(), goal: goal.stars }));
    }
    store.log.rewards_claimed.forEach(function (c) {
      if (c.date >= from) lines.push(t("summary_reward", { date: formatDate(c.date, "short"), reward: c.reward }));
    });
    return lines.join("\n");
  }

  function renderShare() {
    const text = summaryText();
    const subject = t("summary_subject", { child: family.child });
    $("[data-hb-summary]").textContent = text;
    const share = $("[data-hb-share]");
    const email = $("[data-hb-share-email]");
    const sms = $("[data-hb-share-sms]");
    const canShare = typeof navigator.share === "function";
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
    const notice = $("[data-hb-notice]");
    const kept = store.notices();
    let text = store.problem || "";
    if (!text && kept.length) text = t("notice_kept_aside", { therapist: family.therapist.name });
    $("[data-hb-notice-text]").textContent = text;
    $("[data-hb-notice-save]").hidden = !kept.length;
    notice.hidden = !text;
  }

  function wire() {
    $("[data-hb-day-prev]").addEventListener("click", function () { moveDay(-1); });
    $("[data-hb-day-next]").addEventListener("click", function () { moveDay(1); });
    $("[data-hb-export-json]").addEventListener("click", saveCopy);
    $("[data-hb-export-csv]").addEventListener("click", function () {
      download(fileName("csv"), "text/csv", store.exportCsv());
    });
    $("[data-hb-import]").addEventListener("change", function (event) { onImport(event.target); });
    const claim = $("[data-hb-claim]");
    if (claim) {
      claim.addEventListener("click", function () {
        if (store.claim(today)) {
          changed(state());
          const text = $("[data-hb-celebrate-text]");
          text.textContent = tn("goal_new", goal.stars, { toward: store.towardGoal() });
          text.focus(); // the button just pressed is gone
        }
      });
    }
    $("[data-hb-older]").addEventListener("click", function () {
      weeksShown += 4;
      renderHistory();
    });
    $("[data-hb-grid]").addEventListener("click", onGridClick);
    const gridOlder = $("[data-hb-grid-older]");
    gridOlder.addEventListener("click", function () {
      gridWeeks += 4;
      renderGrid();
      if (gridOlder.hidden) $("[data-hb-grid]").focus(); // the button just pressed is gone: stay at the chart
    });
    $("[data-hb-share]").addEventListener("click", function () {
      navigator.share({ title: t("summary_subject", { child: family.child }), text: summaryText() })
        .catch(function () {});
    });
    $("[data-hb-notice-save]").addEventListener("click", function () {
      const copies = store.notices().map(function (key) { return key + "\n" + store.unreadable(key); });
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
  renderGrid();
  renderHistory();
  renderShare();
  showProblem();
  showPersisted();
  offerCopy();
}
