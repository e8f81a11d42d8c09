/* Family Handbook: shows today's practice by the phone's own date, on the home page and the
   activity pages. The site is built once, so "today" can only be worked out in the browser. */

import { dayKey, formatDate, isoDate, weekdayIndex } from "./dates.js";
import { open, readFamily } from "./log_store.js";
import { setupVideos } from "./video.js";
import { t, tn } from "./words.js";

function showToday(today) {
  const box = document.querySelector("[data-hb-today]");
  if (!box) return;
  const key = dayKey(today);
  box.querySelectorAll("[data-hb-day]").forEach(function (el) {
    el.hidden = el.getAttribute("data-hb-day") !== key;
  });
  box.querySelector("[data-hb-today-name]").textContent = formatDate(today, "day");
  box.hidden = false;
  const table = document.querySelector(".md-typeset table");
  const row = table && table.tBodies[0] && table.tBodies[0].rows[weekdayIndex(today)];
  if (row) {
    row.classList.add("hb-today-row");
    row.setAttribute("aria-current", "date");
  }
}

function markNextCheckIn(today) {
  let next = null;
  document.querySelectorAll("[data-hb-date]").forEach(function (el) {
    if (el.getAttribute("data-hb-date") < today) el.closest("li").classList.add("hb-past");
    else if (!next) next = el;
  });
  if (next) {
    const label = document.createElement("span");
    label.className = "hb-next";
    label.textContent = t("next");
    next.closest("li").prepend(label);
  }
}

/* The home page's line about the stars, so far and toward the goal. */
function starsLine(store) {
  const goal = store.family.rewards.goal;
  const stars = store.stars();
  if (store.notices().length || store.problem) return t("home_problem");
  if (!stars) {
    return goal ? tn("home_no_stars_goal", goal.stars, { reward: goal.reward }) : t("home_no_stars");
  }
  if (!goal) return tn("stars_so_far", stars);
  return tn("home_stars_goal", stars,
    { toward: Math.min(store.goalStars(), goal.stars), goal: goal.stars, reward: goal.reward });
}

/* Ticks already made today, and the stars so far, so the home page says where things stand. */
function showProgress(today) {
  const box = document.querySelector("[data-hb-today]");
  const family = box && readFamily();
  if (!family) return;
  const store = open(family);
  box.querySelectorAll("[data-hb-day]:not([hidden]) [data-hb-activity]").forEach(function (item) {
    const done = !!store.entry(today, item.getAttribute("data-hb-activity"));
    item.classList.toggle("hb-is-done", done);
    item.querySelector(".hb-done-mark").hidden = !done;
  });
  const line = box.querySelector("[data-hb-today-stars]");
  line.textContent = starsLine(store);
  line.hidden = false;
}

/* The "We did it today" box at the end of an activity page. */
function activityDone(today) {
  const box = document.querySelector("[data-hb-done]");
  const family = box && readFamily();
  if (!family) return;
  const store = open(family);
  const activity = store.activity(box.getAttribute("data-hb-done"));
  if (!activity) return;
  const check = box.querySelector("[data-hb-done-box]");
  const status = box.querySelector("[data-hb-done-status]");
  check.checked = !!store.entry(today, activity.id);
  check.addEventListener("change", function () {
    store.tick(today, activity, check.checked);
    status.textContent = check.checked ? tn("done_saved", store.stars()) : t("done_removed");
  });
  box.hidden = false;
}

function printButtons() {
  document.querySelectorAll("button[data-hb-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
}

const today = isoDate(new Date());
showToday(today);
markNextCheckIn(today);
showProgress(today);
activityDone(today);
printButtons();
setupVideos();
const filter = document.querySelector("[data-hb-filter]");
if (filter) import("./library/library_filter.js").then(function (module) { module.setupLibraryFilter(filter); });
