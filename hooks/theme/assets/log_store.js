/* Family Handbook: the reward log's data, kept only in this browser (localStorage).
   Keys carry the family's private token, so several families on one host never mix.
   A stored value that cannot be read is copied aside and reported, never silently dropped.
   The saved-copy format is shared with `handbook report`: change it only together. */
(function () {
  "use strict";

  var SCHEMA = "family-handbook-log";
  var VERSION = 1;
  var RATINGS = ["easy", "just-right", "hard"];
  var DATE = /^\d{4}-\d{2}-\d{2}$/;

  function readFamily() {
    var island = document.getElementById("hb-family");
    if (!island) return null;
    try {
      return JSON.parse(island.textContent);
    } catch (err) {
      return null;
    }
  }

  function pad(n) {
    return String(n).padStart(2, "0");
  }

  /* The phone's own calendar date, not UTC: "today" is where the family is. */
  function isoDate(d) {
    return d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate());
  }

  function parseDate(iso) {
    var p = iso.split("-").map(Number);
    return new Date(p[0], p[1] - 1, p[2]);
  }

  function addDays(iso, days) {
    var d = parseDate(iso);
    d.setDate(d.getDate() + days);
    return isoDate(d);
  }

  function isRealDate(iso) {
    return typeof iso === "string" && DATE.test(iso) && isoDate(parseDate(iso)) === iso;
  }

  var WEEK = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];
  function dayKey(iso) {
    return WEEK[parseDate(iso).getDay()];
  }

  /* The phone's own way of writing dates when it speaks the page's language (en-GB: "Wednesday 25
     November"), so the date reads naturally without switching language mid-sentence. */
  function dateLocale() {
    var page = document.documentElement.lang || "en";
    var phone = navigator.language || page;
    return phone.split("-")[0] === page.split("-")[0] ? phone : page;
  }

  function emptyLog() {
    return { entries: [], rewards_claimed: [] };
  }

  /* Checks a stored or imported log; returns {log} or {error: words for a parent}. */
  function validate(data, family) {
    if (!data || typeof data !== "object" || Array.isArray(data)) {
      return { error: "It is not a saved star chart." };
    }
    if (data.schema !== SCHEMA) return { error: "It is not a saved star chart from this handbook." };
    if (!Number.isInteger(data.version) || data.version < 1) return { error: "It is not a saved star chart." };
    if (data.version > VERSION) {
      return { error: "It was saved by a newer version of the handbook. Ask " + family.therapist.name + " for help." };
    }
    if (data.link !== family.link) {
      return { error: "It belongs to another child’s handbook." };
    }
    if (!Array.isArray(data.entries) || !Array.isArray(data.rewards_claimed || [])) {
      return { error: "Part of it is missing." };
    }
    var entries = [];
    for (var i = 0; i < data.entries.length; i++) {
      var e = data.entries[i] || {};
      var rating = e.rating === undefined ? null : e.rating;
      if (!isRealDate(e.date) || typeof e.activity !== "string" || !e.activity || e.activity.length > 100 ||
          typeof e.title !== "string" || e.title.length > 200 || !Number.isInteger(e.minutes) ||
          e.minutes < 0 || e.minutes > 120 || (rating !== null && RATINGS.indexOf(rating) < 0)) {
        return { error: "Practice number " + (i + 1) + " in it is damaged." };
      }
      entries.push({ date: e.date, activity: e.activity, title: e.title, minutes: e.minutes, rating: rating });
    }
    var claimed = [];
    var rawClaimed = data.rewards_claimed || [];
    for (var j = 0; j < rawClaimed.length; j++) {
      var c = rawClaimed[j] || {};
      if (!isRealDate(c.date) || !Number.isInteger(c.stars) || c.stars < 1 || typeof c.reward !== "string") {
        return { error: "Reward number " + (j + 1) + " in it is damaged." };
      }
      claimed.push({ date: c.date, stars: c.stars, reward: c.reward });
    }
    var log = emptyLog();
    merge(log, { entries: entries, rewards_claimed: claimed });
    return { log: log };
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
    var byKey = {};
    log.entries.forEach(function (e) { byKey[entryKey(e)] = e; });
    var result = { added: 0, same: 0, filled: 0, kept: 0, rewards: 0 };
    incoming.entries.forEach(function (e) {
      var here = byKey[entryKey(e)];
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
    var claims = {};
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

  function Store(family) {
    this.family = family;
    this.prefix = "handbook:" + family.link + ":";
    this.key = this.prefix + "log";
    this.problem = null;
    this.log = this.load();
  }

  Store.prototype.storage = function () {
    try {
      return window.localStorage;
    } catch (err) {
      return null;
    }
  };

  Store.prototype.load = function () {
    var storage = this.storage();
    if (!storage) {
      this.problem = "This browser is not letting the page save anything, so ticks will be lost. " +
        "Try your usual browser, not a private window.";
      return emptyLog();
    }
    var raw = storage.getItem(this.key);
    if (raw === null) return emptyLog();
    var checked;
    try {
      checked = validate(JSON.parse(raw), this.family);
    } catch (err) {
      checked = { error: "It is not readable." };
    }
    if (checked.log) return checked.log;
    this.setAside(storage, raw);
    return emptyLog();
  };

  /* Copy the unreadable value to its own key before the main key is freed for new ticks. */
  Store.prototype.setAside = function (storage, raw) {
    var asideKey = this.prefix + "unreadable:" + new Date().toISOString();
    try {
      storage.setItem(asideKey, raw);
      var notices = this.notices();
      notices.push(asideKey);
      storage.setItem(this.prefix + "notices", JSON.stringify(notices));
      storage.removeItem(this.key);
    } catch (err) {
      this.problem = "The stars saved on this phone could not be read, and there is no room to keep a copy. " +
        "Nothing was deleted. Please show this page to " + this.family.therapist.name + ".";
      this.readOnly = true;
    }
  };

  Store.prototype.notices = function () {
    var storage = this.storage();
    try {
      var list = JSON.parse(storage.getItem(this.prefix + "notices") || "[]");
      return Array.isArray(list) ? list.filter(function (k) { return storage.getItem(k) !== null; }) : [];
    } catch (err) {
      return [];
    }
  };

  Store.prototype.dismissNotices = function () {
    var storage = this.storage();
    if (storage) storage.removeItem(this.prefix + "notices");
  };

  Store.prototype.unreadable = function (asideKey) {
    var storage = this.storage();
    return storage ? storage.getItem(asideKey) : null;
  };

  /* The saved-copy object, shared by what is stored and what is exported. `exportedAt`, when given,
     goes between `child` and `entries`; the entries are the log's own (a caller that hands them out
     copies them). */
  function snapshot(store, exportedAt) {
    var data = { schema: SCHEMA, version: VERSION, link: store.family.link, child: store.family.child };
    if (exportedAt !== undefined) data.exported_at = exportedAt;
    data.entries = store.log.entries;
    data.rewards_claimed = store.log.rewards_claimed;
    return data;
  }

  Store.prototype.save = function () {
    var storage = this.storage();
    if (!storage || this.readOnly) return false;
    try {
      storage.setItem(this.key, JSON.stringify(snapshot(this)));
    } catch (err) {
      this.problem = "The phone is out of space, so the last tick was not saved.";
      return false;
    }
    if (!Store.persistAsked && navigator.storage && navigator.storage.persist) {
      Store.persistAsked = true;
      // ask the browser not to clear our data when space runs low; it may say no
      navigator.storage.persist().catch(function () {});
    }
    return true;
  };

  Store.prototype.entry = function (date, activity) {
    for (var i = 0; i < this.log.entries.length; i++) {
      var e = this.log.entries[i];
      if (e.date === date && e.activity === activity) return e;
    }
    return null;
  };

  Store.prototype.activity = function (id) {
    var list = this.family.activities;
    for (var i = 0; i < list.length; i++) if (list[i].id === id) return list[i];
    return null;
  };

  /* `activity` is {id, title, minutes}: from the plan, or from an old entry when the plan dropped it. */
  Store.prototype.tick = function (date, activity, done) {
    var existing = this.entry(date, activity.id);
    if (done && !existing) {
      var a = this.activity(activity.id) || activity;
      this.log.entries.push({ date: date, activity: a.id, title: a.title, minutes: a.minutes, rating: null });
      sortLog(this.log);
    } else if (!done && existing) {
      this.log.entries.splice(this.log.entries.indexOf(existing), 1);
    }
    this.save();
  };

  Store.prototype.rate = function (date, activityId, rating) {
    var e = this.entry(date, activityId);
    if (e && (rating === null || RATINGS.indexOf(rating) >= 0)) {
      e.rating = rating;
      this.save();
    }
  };

  Store.prototype.stars = function () {
    return this.log.entries.length;
  };

  Store.prototype.claimedStars = function () {
    return this.log.rewards_claimed.reduce(function (sum, c) { return sum + c.stars; }, 0);
  };

  /* Stars toward the goal: earned minus those already spent on rewards. */
  Store.prototype.goalStars = function () {
    return Math.max(0, this.stars() - this.claimedStars());
  };

  Store.prototype.claim = function (date) {
    var goal = this.family.rewards.goal;
    if (!goal || this.goalStars() < goal.stars) return false;
    this.log.rewards_claimed.push({ date: date, stars: goal.stars, reward: goal.reward });
    sortLog(this.log);
    return this.save();
  };

  Store.prototype.entriesOn = function (date) {
    return this.log.entries.filter(function (e) { return e.date === date; });
  };

  Store.prototype.plannedOn = function (date) {
    var key = dayKey(date);
    return this.family.activities.filter(function (a) { return a.days.indexOf(key) >= 0; });
  };

  /* Practice days in a row up to today. Rest days (nothing planned, nothing done) do not break it,
     and today does not count against it until the day is over. */
  Store.prototype.streak = function (today) {
    var count = 0;
    var day = this.entriesOn(today).length ? today : addDays(today, -1);
    for (var i = 0; i < 400; i++, day = addDays(day, -1)) {
      if (this.entriesOn(day).length) count++;
      else if (this.plannedOn(day).length) break;
    }
    return count;
  };

  Store.prototype.practiceDays = function (from, to) {
    var days = {};
    this.log.entries.forEach(function (e) { if (e.date >= from && e.date <= to) days[e.date] = true; });
    return Object.keys(days).length;
  };

  Store.prototype.exportData = function (now) {
    var data = snapshot(this, now.toISOString());
    data.entries = data.entries.map(function (e) { return Object.assign({}, e); });
    data.rewards_claimed = data.rewards_claimed.map(function (c) { return Object.assign({}, c); });
    return data;
  };

  function csvCell(value) {
    var text = value === null || value === undefined ? "" : String(value);
    if (/^[=+\-@\t\r]/.test(text)) text = "'" + text; // a spreadsheet must not run a title as a formula
    return /[",\r\n]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text;
  }

  Store.prototype.exportCsv = function () {
    var rows = [["date", "activity", "title", "minutes", "rating"]];
    this.log.entries.forEach(function (e) { rows.push([e.date, e.activity, e.title, e.minutes, e.rating]); });
    return rows.map(function (r) { return r.map(csvCell).join(","); }).join("\r\n") + "\r\n";
  };

  /* Reads a saved copy; nothing changes unless the whole file is good. */
  Store.prototype.importText = function (text) {
    var data;
    try {
      data = JSON.parse(text);
    } catch (err) {
      return { error: "This file could not be read. Choose the .json file you saved from this star chart." };
    }
    var checked = validate(data, this.family);
    if (checked.error) return { error: "This file was not loaded. " + checked.error };
    var storage = this.storage();
    if (storage) {
      try {
        storage.setItem(this.prefix + "before-import", JSON.stringify(this.exportData(new Date())));
      } catch (err) { /* the merge below never removes anything, so a missing backup loses nothing */ }
    }
    var result = merge(this.log, checked.log);
    if (!this.save()) return { error: "The stars could not be saved on this phone. Nothing was changed." };
    return { result: result };
  };

  window.HandbookLog = {
    family: readFamily,
    open: function (family) { return new Store(family || readFamily()); },
    isoDate: isoDate,
    parseDate: parseDate,
    addDays: addDays,
    dayKey: dayKey,
    dateLocale: dateLocale,
    SCHEMA: SCHEMA,
    VERSION: VERSION
  };
})();
