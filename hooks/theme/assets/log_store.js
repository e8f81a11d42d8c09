/* Family Handbook: the reward log's data, kept only in this browser (localStorage).
   Keys carry the family's star-chart id (the plan's `log:`; its link when it has none), so several
   families on one host never mix, and a new link finds the chart: a chart kept under the link itself,
   or under an old link the plan lists the fingerprint of, moves to the id when the page opens.
   A stored value that cannot be read is copied aside and reported, never silently dropped.
   The saved-copy format is shared with `handbook report`: change it only together. */

import { addDays, dayKey, isRealDate } from "./dates.js";
import { linkHash } from "./link_hash.js";
import { t } from "./words.js";

export const SCHEMA = "family-handbook-log";
export const VERSION = 1;
const RATINGS = ["easy", "just-right", "hard"];

let familyData; // read once per page
let persistAsked = false;

/* The family's public data from the page (the #hb-family island), or null on pages without it. */
export function readFamily() {
  if (familyData === undefined) {
    const island = document.getElementById("hb-family");
    try {
      familyData = island ? JSON.parse(island.textContent) : null;
    } catch (err) {
      familyData = null;
    }
  }
  return familyData;
}

function emptyLog() {
  return { entries: [], rewards_claimed: [] };
}

/* Checks a stored or imported log; returns {log} or {error: a sentence for a parent}. */
function validate(data, family) {
  if (!data || typeof data !== "object" || Array.isArray(data)) return { error: t("file_not_chart") };
  if (data.schema !== SCHEMA) return { error: t("file_other_handbook") };
  if (!Number.isInteger(data.version) || data.version < 1) return { error: t("file_not_chart") };
  if (data.version > VERSION) return { error: t("file_newer", { therapist: family.therapist.name }) };
  if (!belongs(data, family)) return { error: t("file_other_child") };
  if (!Array.isArray(data.entries) || !Array.isArray(data.rewards_claimed || [])) {
    return { error: t("file_part_missing") };
  }
  const entries = [];
  for (let i = 0; i < data.entries.length; i++) {
    const e = data.entries[i] || {};
    const rating = e.rating === undefined ? null : e.rating;
    if (!isRealDate(e.date) || typeof e.activity !== "string" || !e.activity || e.activity.length > 100 ||
        typeof e.title !== "string" || e.title.length > 200 || !Number.isInteger(e.minutes) ||
        e.minutes < 0 || e.minutes > 120 || (rating !== null && RATINGS.indexOf(rating) < 0)) {
      return { error: t("file_bad_practice", { number: i + 1 }) };
    }
    entries.push({ date: e.date, activity: e.activity, title: e.title, minutes: e.minutes, rating: rating });
  }
  const claimed = [];
  const rawClaimed = data.rewards_claimed || [];
  for (let j = 0; j < rawClaimed.length; j++) {
    const c = rawClaimed[j] || {};
    if (!isRealDate(c.date) || !Number.isInteger(c.stars) || c.stars < 1 || typeof c.reward !== "string") {
      return { error: t("file_bad_reward", { number: j + 1 }) };
    }
    claimed.push({ date: c.date, stars: c.stars, reward: c.reward });
  }
  const log = emptyLog();
  merge(log, { entries: entries, rewards_claimed: claimed });
  return { log: log };
}

/* A saved copy or stored chart is this family's when it carries its star-chart id, its link, or an old
   link the plan lists; a copy with another family's id is never taken in for its link. */
function belongs(data, family) {
  if (family.log && typeof data.log === "string") return data.log === family.log;
  if (typeof data.link !== "string") return false;
  return data.link === family.link || (family.previous || []).indexOf(linkHash(data.link)) >= 0;
}

function entryKey(e) {
  return e.date + "|" + e.activity;
}

function claimKey(c) {
  return c.date + "|" + c.stars + "|" + c.reward;
}

function sortLog(log) {
  log.entries.sort(function (a, b) { return entryKey(a) < entryKey(b) ? -1 : 1; });
  log.rewards_claimed.sort(function (a, b) { return claimKey(a) < claimKey(b) ? -1 : 1; });
}

/* Adds what `incoming` has that `log` lacks. Nothing already in `log` is replaced, except a
   missing "how it went" that the other copy knows. Returns counts for the message. */
function merge(log, incoming) {
  const byKey = {};
  log.entries.forEach(function (e) { byKey[entryKey(e)] = e; });
  const result = { added: 0, same: 0, filled: 0, kept: 0, rewards: 0 };
  incoming.entries.forEach(function (e) {
    let here = byKey[entryKey(e)];
    if (!here) {
      here = byKey[entryKey(e)] = Object.assign({}, e);
      log.entries.push(here);
      result.added++;
    } else if (here.rating === e.rating || e.rating === null) {
      result.same++;
    } else if (here.rating === null) {
      here.rating = e.rating;
      result.filled++;
    } else {
      result.kept++;
    }
  });
  const claims = {};
  log.rewards_claimed.forEach(function (c) { claims[claimKey(c)] = true; });
  incoming.rewards_claimed.forEach(function (c) {
    if (!claims[claimKey(c)]) {
      claims[claimKey(c)] = true;
      log.rewards_claimed.push(Object.assign({}, c));
      result.rewards++;
    }
  });
  sortLog(log);
  return result;
}

/* The saved-copy object, shared by what is stored and what is exported. `exportedAt`, when given,
   goes between `child` and `entries`; the entries are the log's own (a caller that hands them out
   copies them). */
function snapshot(store, exportedAt) {
  const data = { schema: SCHEMA, version: VERSION, link: store.family.link, child: store.family.child };
  if (store.family.log) data.log = store.family.log;
  if (exportedAt !== undefined) data.exported_at = exportedAt;
  data.entries = store.log.entries;
  data.rewards_claimed = store.log.rewards_claimed;
  return data;
}

function csvCell(value) {
  let text = value === null || value === undefined ? "" : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = "'" + text; // a spreadsheet must not run a title as a formula
  return /[",\r\n]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text;
}

export class Store {
  constructor(family) {
    this.family = family;
    this.prefix = "handbook:" + (family.log || family.link) + ":";
    this.key = this.prefix + "log";
    this.problem = null; // a message for the parent, or null
    this.log = this.load();
    if (family.log && !this.problem && !this.readOnly) this.takeInOldCharts();
  }

  /* Charts this browser kept under the family's link or an old link (before the plan had its id, or
     before a new link): merged into this one, their other settings carried over, then removed. Only
     once the merged chart is saved: nothing is lost if the phone is out of space. */
  takeInOldCharts() {
    const storage = this.storage();
    if (!storage) return;
    const family = this.family;
    const previous = family.previous || [];
    const old = [];
    for (let i = 0; i < storage.length; i++) {
      const match = /^handbook:([A-Za-z0-9_-]+):log$/.exec(storage.key(i) || "");
      if (match && match[1] !== family.log &&
          (match[1] === family.link || previous.indexOf(linkHash(match[1])) >= 0)) old.push(match[1]);
    }
    if (!old.length) return;
    let taken = false;
    old.forEach(function (token) {
      const key = "handbook:" + token + ":log";
      const raw = storage.getItem(key);
      let checked = null;
      try {
        checked = validate(JSON.parse(raw), Object.assign({}, family, { log: null, link: token }));
      } catch (err) { /* not JSON: set aside below */ }
      if (checked && checked.log) {
        merge(this.log, checked.log);
        taken = true;
      } else {
        this.setAside(storage, raw, key); // reported like an unreadable chart of this id
      }
    }, this);
    if (!taken || !this.save()) return;
    old.forEach(function (token) { this.moveSettings(storage, "handbook:" + token + ":"); }, this);
  }

  /* Every other key under an old prefix (the speech setting, charts set aside...) moves to this one. */
  moveSettings(storage, oldPrefix) {
    const keys = [];
    for (let i = 0; i < storage.length; i++) {
      const key = storage.key(i);
      if (key && key.indexOf(oldPrefix) === 0) keys.push(key);
    }
    keys.forEach(function (key) {
      const name = key.slice(oldPrefix.length);
      try {
        if (name !== "log" && storage.getItem(this.prefix + name) === null) {
          storage.setItem(this.prefix + name, storage.getItem(key));
        }
        storage.removeItem(key);
      } catch (err) { /* out of space: the old key stays, and nothing is lost */ }
    }, this);
  }

  storage() {
    try {
      return window.localStorage;
    } catch (err) {
      return null;
    }
  }

  load() {
    const storage = this.storage();
    if (!storage) {
      this.problem = t("store_not_allowed");
      return emptyLog();
    }
    const raw = storage.getItem(this.key);
    if (raw === null) return emptyLog();
    let log = null;
    try {
      log = validate(JSON.parse(raw), this.family).log;
    } catch (err) { /* not JSON: set aside below */ }
    if (log) return log;
    this.setAside(storage, raw);
    return emptyLog();
  }

  /* Copy the unreadable value to its own key before its key (the main one) is freed for new ticks. */
  setAside(storage, raw, key) {
    const asideKey = this.prefix + "unreadable:" + new Date().toISOString();
    try {
      storage.setItem(asideKey, raw);
      const notices = this.notices();
      notices.push(asideKey);
      storage.setItem(this.prefix + "notices", JSON.stringify(notices));
      storage.removeItem(key || this.key);
    } catch (err) {
      this.problem = t("store_no_room", { therapist: this.family.therapist.name });
      this.readOnly = true;
    }
  }

  notices() {
    const storage = this.storage();
    try {
      const list = JSON.parse(storage.getItem(this.prefix + "notices") || "[]");
      return Array.isArray(list) ? list.filter(function (k) { return storage.getItem(k) !== null; }) : [];
    } catch (err) {
      return [];
    }
  }

  dismissNotices() {
    const storage = this.storage();
    if (storage) storage.removeItem(this.prefix + "notices");
  }

  unreadable(asideKey) {
    const storage = this.storage();
    return storage ? storage.getItem(asideKey) : null;
  }

  save() {
    const storage = this.storage();
    if (!storage || this.readOnly) return false;
    try {
      storage.setItem(this.key, JSON.stringify(snapshot(this)));
    } catch (err) {
      this.problem = t("store_full");
      return false;
    }
    if (!persistAsked && navigator.storage && navigator.storage.persist) {
      persistAsked = true;
      // ask the browser not to clear our data when space runs low; it may say no
      navigator.storage.persist().catch(function () {});
    }
    return true;
  }

  entry(date, activity) {
    return this.log.entries.find(function (e) { return e.date === date && e.activity === activity; }) || null;
  }

  activity(id) {
    return this.family.activities.find(function (a) { return a.id === id; }) || null;
  }

  /* `activity` is {id, title, minutes}: from the plan, or from an old entry when the plan dropped it. */
  tick(date, activity, done) {
    const existing = this.entry(date, activity.id);
    if (done && !existing) {
      const a = this.activity(activity.id) || activity;
      this.log.entries.push({ date: date, activity: a.id, title: a.title, minutes: a.minutes, rating: null });
      sortLog(this.log);
    } else if (!done && existing) {
      this.log.entries.splice(this.log.entries.indexOf(existing), 1);
    }
    const saved = this.save();
    if (done && !existing && saved) {
      // for what follows a tick on any page (the "keep it on your phone" notice)
      window.dispatchEvent(new CustomEvent("hb-ticked", { detail: { stars: this.stars() } }));
    }
  }

  rate(date, activityId, rating) {
    const e = this.entry(date, activityId);
    if (e && (rating === null || RATINGS.indexOf(rating) >= 0)) {
      e.rating = rating;
      this.save();
    }
  }

  stars() {
    return this.log.entries.length;
  }

  claimedStars() {
    return this.log.rewards_claimed.reduce(function (sum, c) { return sum + c.stars; }, 0);
  }

  /* Stars toward the goal: earned minus those already spent on rewards. */
  goalStars() {
    return Math.max(0, this.stars() - this.claimedStars());
  }

  /* Stars toward the goal, counted up to the goal's own: what its bar and its words show. */
  towardGoal() {
    const goal = this.family.rewards.goal;
    return goal ? Math.min(this.goalStars(), goal.stars) : 0;
  }

  claim(date) {
    const goal = this.family.rewards.goal;
    if (!goal || this.goalStars() < goal.stars) return false;
    this.log.rewards_claimed.push({ date: date, stars: goal.stars, reward: goal.reward });
    sortLog(this.log);
    return this.save();
  }

  entriesOn(date) {
    return this.log.entries.filter(function (e) { return e.date === date; });
  }

  plannedOn(date) {
    const key = dayKey(date);
    return this.family.activities.filter(function (a) { return a.days.indexOf(key) >= 0; });
  }

  /* Practice days in a row up to today. Rest days (nothing planned, nothing done) do not break it,
     and today does not count against it until the day is over. */
  streak(today) {
    let count = 0;
    let day = this.entriesOn(today).length ? today : addDays(today, -1);
    for (let i = 0; i < 400; i++, day = addDays(day, -1)) {
      if (this.entriesOn(day).length) count++;
      else if (this.plannedOn(day).length) break;
    }
    return count;
  }

  practiceDays(from, to) {
    const days = {};
    this.log.entries.forEach(function (e) { if (e.date >= from && e.date <= to) days[e.date] = true; });
    return Object.keys(days).length;
  }

  exportData(now) {
    const data = snapshot(this, now.toISOString());
    data.entries = data.entries.map(function (e) { return Object.assign({}, e); });
    data.rewards_claimed = data.rewards_claimed.map(function (c) { return Object.assign({}, c); });
    return data;
  }

  exportCsv() {
    const rows = [["date", "activity", "title", "minutes", "rating"]];
    this.log.entries.forEach(function (e) { rows.push([e.date, e.activity, e.title, e.minutes, e.rating]); });
    return rows.map(function (r) { return r.map(csvCell).join(","); }).join("\r\n") + "\r\n";
  }

  /* Reads a saved copy; nothing changes unless the whole file is good and the merged chart is saved.
     The merge goes into a copy, which becomes the chart only once it is stored: a phone out of space
     keeps the chart as it was, here and at the next tick. Returns {result: counts} or {error: the
     whole message for the parent}. */
  importText(text) {
    let data;
    try {
      data = JSON.parse(text);
    } catch (err) {
      return { error: t("import_unreadable") };
    }
    const checked = validate(data, this.family);
    if (checked.error) return { error: t("import_refused", { reason: checked.error }) };
    const storage = this.storage();
    // the copy an earlier version set aside before loading one: never read again, and it held half the room
    if (storage) storage.removeItem(this.prefix + "before-import");
    const kept = { log: this.log, problem: this.problem };
    const merged = {
      entries: this.log.entries.map(function (e) { return Object.assign({}, e); }),
      rewards_claimed: this.log.rewards_claimed.map(function (c) { return Object.assign({}, c); })
    };
    const result = merge(merged, checked.log);
    this.log = merged;
    if (this.save()) return { result: result };
    this.log = kept.log;
    this.problem = kept.problem; // the message below says it all: not "the last tick was not saved"
    return { error: t("import_not_saved") };
  }
}

/* The family's log in this browser (`family`: the page's own when not given). */
export function open(family) {
  return new Store(family || readFamily());
}
