/* Family Handbook: on the home page, "New" or "Changed" on each activity the therapist added or changed
   since this phone last saw the plan. Only this browser knows what it saw: the short fingerprints of the
   plan's activities (family_data in render/pages.py), kept under `<prefix>plan-seen`; nothing of an
   earlier plan is published. A mark shows for 7 days from the day it appeared, or until that activity
   is ticked (here, on its practice view or on the star chart). Fetched by handbook.js only when the
   plan changed since this phone last saw it, or marks are showing. */

import { addDays, isRealDate } from "./dates.js";
import { t } from "./words.js";

const DAYS_SHOWN = 7;

function has(object, key) {
  return Object.prototype.hasOwnProperty.call(object, key);
}

function object(value) {
  return value && typeof value === "object" && !Array.isArray(value) ? value : null;
}

function readObject(text) {
  try {
    return object(JSON.parse(text));
  } catch (err) {
    return null;
  }
}

/* Storage that fails (a private window, a full phone) only means the marks are not remembered. */
function keep(key, value) {
  try {
    if (value === null) localStorage.removeItem(key);
    else localStorage.setItem(key, JSON.stringify(value));
  } catch (err) { /* not kept: the page works the same */ }
}

function stored(key) {
  try {
    return readObject(localStorage.getItem(key)) || {};
  } catch (err) {
    return {};
  }
}

/* A mark for each activity whose fingerprint is not the one this phone saw; none when it saw nothing readable. */
function newMarks(seen, store, today) {
  const marks = {};
  const old = seen && object(seen.activities);
  if (!old) return marks;
  store.family.activities.forEach(function (a) {
    if (has(old, a.id) && old[a.id] === a.fingerprint) return;
    // `done`: ticked already today, before the new plan came: that tick does not take the mark away
    marks[a.id] = { kind: has(old, a.id) ? "changed" : "new", since: today, done: !!store.entry(today, a.id) };
  });
  return marks;
}

/* Whether a stored mark still shows: a known kind, under 7 days old, its activity not ticked since. */
function showing(mark, id, store, today) {
  if (!mark || (mark.kind !== "new" && mark.kind !== "changed") || !isRealDate(mark.since) || today >= addDays(mark.since, DAYS_SHOWN)) {
    return false;
  }
  return !store.log.entries.some(function (e) {
    return e.activity === id && (e.date > mark.since || (e.date === mark.since && !mark.done));
  });
}

/* Each card of an activity on the page: today's (every day's list) and the week's, with where its title is. */
function titles() {
  const found = [];
  document.querySelectorAll("[data-hb-today] [data-hb-activity]").forEach(function (card) {
    found.push([card.getAttribute("data-hb-activity"), card.querySelector("strong")]);
  });
  document.querySelectorAll(".hb-plan-week a[href^='activities/']").forEach(function (link) {
    found.push([link.getAttribute("href").split("/")[1], link.querySelector(":scope > span:last-child")]);
  });
  return found;
}

/* A badge before the title; being an inline-block, it is read apart from it: "New, Clothespin Clip". */
function draw(marks) {
  document.querySelectorAll(".hb-mark").forEach(function (badge) { badge.remove(); });
  titles().forEach(function (found) {
    const mark = has(marks, found[0]) ? marks[found[0]] : null;
    if (!mark || !found[1]) return;
    const badge = document.createElement("span");
    badge.className = "hb-mark";
    badge.textContent = mark.kind === "new" ? t("mark_new") : t("mark_changed");
    found[1].prepend(badge);
  });
}

/* `seenText`: what handbook.js found under plan-seen; `now`: this plan's version and fingerprints. */
export function showMarks(store, today, seenText, now) {
  const key = store.prefix + "plan-";
  let marks = stored(key + "marks");
  const seen = readObject(seenText);
  const changed = !seen || seen.version !== now.version;
  if (changed) marks = Object.assign(marks, newMarks(seen, store, today));

  function update() {
    const kept = {};
    store.family.activities.forEach(function (a) {
      const mark = has(marks, a.id) ? marks[a.id] : null;
      if (showing(mark, a.id, store, today)) kept[a.id] = { kind: mark.kind, since: mark.since, done: !!mark.done };
    });
    marks = kept;
    keep(key + "marks", Object.keys(kept).length ? kept : null);
    draw(kept);
  }

  update();
  if (changed) keep(key + "seen", now); // after the marks: what this phone saw is kept only once they are
  window.addEventListener("hb-ticked", update);
}
