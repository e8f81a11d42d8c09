/* Family Handbook: shows today's practice by the phone's own date, on the home page and the
   activity pages. The site is built once, so "today" can only be worked out in the browser. */

import { dayKey, formatDate, isoDate } from "./dates.js";
import { open, readFamily } from "./log_store.js";
import { setupOffline } from "./offline.js";
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
  const card = document.querySelector('[data-hb-week-day="' + key + '"]');
  if (card) {
    card.classList.add("hb-plan-today");
    card.setAttribute("aria-current", "date");
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
function starsLine(store, restDay) {
  const goal = store.family.rewards.goal;
  const stars = store.stars();
  if (store.notices().length || store.problem) return t("home_problem");
  if (!stars && restDay) return "";
  if (!stars) {
    return goal ? tn("home_no_stars_goal", goal.stars, { reward: goal.reward }) : t("home_no_stars");
  }
  if (!goal) return tn("stars_so_far", stars);
  return tn("home_stars_goal", stars,
    { toward: store.towardGoal(), goal: goal.stars, reward: goal.reward });
}

/* Today's cards: each ticked in place with one tap, and a line saying how many are done. */
function todayTicks(today) {
  const box = document.querySelector("[data-hb-today]");
  const family = box && readFamily();
  if (!family) return;
  const store = open(family);
  const day = box.querySelector("[data-hb-day]:not([hidden])");
  const cards = day ? Array.from(day.querySelectorAll("[data-hb-activity]")) : [];
  const count = day && day.querySelector("[data-hb-today-count]");
  const line = box.querySelector("[data-hb-today-stars]");

  function show() {
    let done = 0;
    cards.forEach(function (card) {
      const ticked = !!store.entry(today, card.getAttribute("data-hb-activity"));
      if (ticked) done++;
      card.classList.toggle("hb-is-done", ticked);
      card.querySelector(".hb-done-mark").hidden = !ticked;
      card.querySelector("[data-hb-tick]").setAttribute("aria-pressed", String(ticked));
    });
    if (count) {
      count.textContent = done === cards.length ? t("today_all_done")
        : done ? tn("today_count", done, { total: cards.length }) : "";
    }
    line.textContent = starsLine(store, !cards.length);
    line.hidden = !line.textContent;
  }

  cards.forEach(function (card) {
    const activity = store.activity(card.getAttribute("data-hb-activity"));
    const button = card.querySelector("[data-hb-tick]");
    if (!activity) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      const ticked = button.getAttribute("aria-pressed") !== "true";
      store.tick(today, activity, ticked);
      if (ticked) celebrate(card);
      show();
    });
  });
  show();
  planMarks(store, today);
}

/* "New" and "Changed" on the activities the therapist added or changed since this phone last saw the plan
   (plan_marks.js, fetched only when the plan changed since, or marks are showing: its version is not in what
   was kept). A first visit keeps what it saw and marks nothing, since everything would be new. */
function planMarks(store, today) {
  const key = store.prefix + "plan-";
  const now = { version: store.family.plan_version, activities: {} };
  store.family.activities.forEach(function (a) { now.activities[a.id] = a.fingerprint; });
  try {
    const seen = localStorage.getItem(key + "seen");
    if (seen === null) localStorage.setItem(key + "seen", JSON.stringify(now));
    else if (seen.indexOf(now.version) < 0 || localStorage.getItem(key + "marks") !== null) {
      import("./plan_marks.js").then(function (module) { module.showMarks(store, today, seen, now); });
    }
  } catch (err) { /* this browser keeps nothing (a private window, a full phone): no marks */ }
}

/* A star that pops on the card just ticked: the reward where the tap was. */
function celebrate(card) {
  const star = document.createElement("span");
  star.className = "hb-pop";
  star.setAttribute("aria-hidden", "true");
  star.textContent = "★";
  card.appendChild(star);
  setTimeout(function () { star.remove(); }, 1200);
}

/* An activity page's "Next" and "Previous" at its foot follow today's list, not the plan's order. */
function footerFollowsToday(today) {
  const id = document.querySelector("[data-hb-done]");
  const family = id && readFamily();
  if (!family) return;
  const list = open(family).plannedOn(today);
  const at = list.findIndex(function (a) { return a.id === id.getAttribute("data-hb-done"); });
  if (at < 0) return;
  const home = "../../";
  setFooterLink(".md-footer__link--next", at + 1 < list.length ? list[at + 1] : null, home);
  setFooterLink(".md-footer__link--prev", at > 0 ? list[at - 1] : null, home);
}

function setFooterLink(selector, activity, home) {
  const link = document.querySelector(selector);
  if (!link) return;
  const title = activity ? activity.title : t("today_page");
  link.href = activity ? "../" + activity.id + "/" : home;
  link.setAttribute("aria-label", link.querySelector(".md-footer__direction").textContent + ": " + title);
  link.querySelector(".md-ellipsis").textContent = title;
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

// Chrome offers to install the site once, as the page loads: kept for "Keep it on your phone" (keep_notice.js)
window.addEventListener("beforeinstallprompt", function (event) {
  event.preventDefault();
  window.hbInstallPrompt = event;
});
// that note follows the first saved tick, so it is fetched only then
window.addEventListener("hb-ticked", function () {
  import("./keep_notice.js").then(function (module) { module.keepNotice(); });
}, { once: true });

const today = isoDate(new Date());
showToday(today);
markNextCheckIn(today);
todayTicks(today);
activityDone(today);
footerFollowsToday(today);
printButtons();
setupVideos();
setupOffline();
// the scripts of one kind of page, fetched only there
const filter = document.querySelector("[data-hb-filter]");
if (filter) import("./library/library_filter.js").then(function (module) { module.setupLibraryFilter(filter); });
const practice = document.querySelector("[data-hb-practice]");  // the first of the practice views
if (practice) import("./practice.js").then(function (module) { module.setupPractice(practice, today); });
const child = document.querySelector("[data-hb-child]");
if (child) import("./child_view.js").then(function (module) { module.setupChildView(child, today); });
