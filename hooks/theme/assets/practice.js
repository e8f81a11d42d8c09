/* Family Handbook: the practice views, one activity at a time. The page holds every activity of the
   plan; the address (practice/#<id>) says which one is shown, full screen. A countdown for this child's
   dose, then one tap on "We did it" logs it, a star lands in view and the goal moves, and "Next" goes
   to the next of today's activities on the same page. */

import { open, readFamily } from "./log_store.js";
import { rewardProgress, todaysNext } from "./today.js";
import { t, tn } from "./words.js";

export function setupPractice(first, today) {
  const family = readFamily();
  if (!family) return;
  const store = open(family);
  const groups = activityGroups(first.parentElement);
  const timers = {};
  const done = setupDone(document.querySelector("[data-hb-practice-bar]"), store, today);

  function show() {
    const wanted = decodeURIComponent(location.hash.slice(1));
    const planned = store.plannedOn(today);
    const id = groups[wanted] ? wanted : (planned.length ? planned[0].id : Object.keys(groups)[0]);
    Object.keys(groups).forEach(function (key) {
      groups[key].forEach(function (el) { el.hidden = key !== id; });
      if (key !== id && timers[key]) timers[key].pause();
    });
    const block = groups[id][0];
    if (!timers[id]) timers[id] = setupTimer(block.querySelector("[data-hb-timer]"));
    document.title = block.querySelector("h1").textContent + " - " + document.title.split(" - ").pop();
    done.show(store.activity(id));
    window.scrollTo(0, 0);
  }

  window.addEventListener("hashchange", function () {
    show();
    groups[decodeURIComponent(location.hash.slice(1))]?.[0].querySelector("h1").focus();
  });
  show();
}

/* The page's elements by activity: each activity's block, its steps and its link, up to the next block. */
function activityGroups(article) {
  const groups = {};
  let current = null;
  Array.from(article.children).forEach(function (el) {
    if (el.hasAttribute("data-hb-practice")) current = el.getAttribute("data-hb-practice");
    if (current && !el.hasAttribute("data-hb-practice-bar")) (groups[current] = groups[current] || []).push(el);
  });
  return groups;
}

/* ----- the countdown ----- */

function clock(seconds) {
  const s = Math.max(0, Math.ceil(seconds));
  return Math.floor(s / 60) + ":" + String(s % 60).padStart(2, "0");
}

function setupTimer(box) {
  if (!box) return null;
  const total = Number(box.getAttribute("data-hb-seconds")) * 1000;
  const time = box.querySelector("[data-hb-timer-time]");
  const say = box.querySelector("[data-hb-timer-say]");
  const ring = box.querySelector("[data-hb-ring]");
  const start = box.querySelector("[data-hb-timer-start]");
  const reset = box.querySelector("[data-hb-timer-reset]");
  const sound = box.querySelector("[data-hb-timer-sound]");
  let left = total;
  let startedAt = null; // Date.now() when it last started; null while paused
  let leftAtStart = total;
  let ticker = null;
  let awake = null;

  function remaining() {
    return startedAt === null ? left : Math.max(0, leftAtStart - (Date.now() - startedAt));
  }

  function show() {
    const ms = remaining();
    time.textContent = t("timer_left", { time: clock(ms / 1000) });
    // the ring empties as the time goes: its dash is the part of the time still left
    ring.style.strokeDasharray = (100 * ms / total) + " 100";
    start.textContent = startedAt !== null ? t("timer_pause") : ms < total && ms > 0 ? t("timer_go_on") : t("timer_start");
    start.disabled = ms === 0;
  }

  function announce(text) {
    say.textContent = text;
  }

  function step() {
    const before = left;
    left = remaining();
    const minute = Math.ceil(left / 60000);
    if (left > 0 && minute < Math.ceil(before / 60000)) announce(tn("timer_minutes_left", minute));
    if (left === 0) finish();
    show();
  }

  function run() {
    leftAtStart = left;
    startedAt = Date.now();
    ticker = setInterval(step, 250);
    keepAwake(true);
  }

  function pause() {
    left = remaining();
    startedAt = null;
    clearInterval(ticker);
    keepAwake(false);
  }

  function finish() {
    pause();
    left = 0;
    announce(t("timer_up"));
    if (sound.checked) chime();
    const bar = document.querySelector("[data-hb-did-it]");
    if (bar && !bar.hidden) bar.focus();
  }

  function keepAwake(on) {
    // the screen stays on while the timer runs, where the browser can do that
    if (on && navigator.wakeLock && !awake) {
      navigator.wakeLock.request("screen").then(function (lock) { awake = lock; }, function () {});
    } else if (!on && awake) {
      awake.release().catch(function () {});
      awake = null;
    }
  }

  start.addEventListener("click", function () {
    if (startedAt !== null) pause();
    else if (remaining() > 0) run();
    show();
  });
  reset.addEventListener("click", function () {
    pause();
    left = total;
    announce("");
    show();
  });
  document.addEventListener("visibilitychange", function () {
    // a wake lock ends when the page is hidden; take it again on coming back
    if (document.visibilityState === "visible" && startedAt !== null) { awake = null; keepAwake(true); }
  });
  box.hidden = false;
  show();
  return { pause: function () { if (startedAt !== null) { pause(); show(); } } };
}

/* A soft two-note chime, made in the page (no sound file to fetch), only when the parent turned it on. */
function chime() {
  const Context = window.AudioContext || window.webkitAudioContext;
  if (!Context) return;
  const audio = new Context();
  [523.25, 659.25].forEach(function (hz, i) {
    const tone = audio.createOscillator();
    const volume = audio.createGain();
    const at = audio.currentTime + i * 0.35;
    tone.frequency.value = hz;
    volume.gain.setValueAtTime(0.0001, at);
    volume.gain.exponentialRampToValueAtTime(0.15, at + 0.05);
    volume.gain.exponentialRampToValueAtTime(0.0001, at + 1.2);
    tone.connect(volume).connect(audio.destination);
    tone.start(at);
    tone.stop(at + 1.3);
  });
}

/* ----- "We did it", the reward and what comes next ----- */

function setupDone(bar, store, today) {
  const didIt = bar.querySelector("[data-hb-did-it]");
  const reward = bar.querySelector("[data-hb-reward]");
  const radios = bar.querySelectorAll("[data-hb-rate] input");
  const next = bar.querySelector("[data-hb-next]");
  let activity = null;

  function showReward(entry) {
    const progress = rewardProgress(store);
    const star = t("star_earned", { child: store.family.child });
    reward.querySelector("[data-hb-reward-text]").textContent =
      progress.small ? star + " " + t("small_reward_now", { reward: progress.small }) : star;
    const goal = reward.querySelector("[data-hb-goal]");
    if (progress.goal) {
      const meter = goal.querySelector("[data-hb-goal-bar]");
      meter.setAttribute("aria-valuemax", String(progress.goal.stars));
      meter.setAttribute("aria-valuenow", String(progress.toward));
      meter.setAttribute("aria-label", progress.label);
      goal.querySelector("[data-hb-goal-fill]").style.width = (100 * progress.toward / progress.goal.stars) + "%";
      goal.querySelector("[data-hb-goal-text]").textContent = progress.label;
    }
    goal.hidden = !progress.goal;
    radios.forEach(function (radio) { radio.checked = !!entry && entry.rating === radio.value; });
    const after = todaysNext(store, today, activity.id);
    next.textContent = after ? t("next_activity", { title: after.title }) : t("all_done");
    next.href = after ? "#" + after.id : "../";
  }

  function setDone(ticked) {
    store.tick(today, activity, ticked);
    showState(true);
  }

  function showState(moveFocus) {
    const entry = store.entry(today, activity.id);
    didIt.hidden = !!entry;
    reward.hidden = !entry;
    bar.classList.toggle("hb-landed", !!entry && moveFocus);
    if (entry) showReward(entry);
    if (moveFocus) (entry ? reward : didIt).focus();
  }

  didIt.addEventListener("click", function () { setDone(true); });
  bar.querySelector("[data-hb-undo]").addEventListener("click", function () { setDone(false); });
  radios.forEach(function (radio) {
    radio.addEventListener("change", function () { if (radio.checked) store.rate(today, activity.id, radio.value); });
  });
  bar.hidden = false;
  document.body.classList.add("hb-has-bar");
  return {
    show: function (shown) {
      activity = shown;
      showState(false);
    }
  };
}
