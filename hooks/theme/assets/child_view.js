/* Family Handbook: the child's view. Today's pictures as now, next and done; the child taps the big
   tick, the star shows on the picture, and the goal's star fills up. Names are read aloud only when
   the parent turns that on (the choice is kept on this phone). */

import { open, readFamily } from "./log_store.js";
import { rewardProgress } from "./today.js";
import { t, tn } from "./words.js";

export function setupChildView(root, today) {
  const family = readFamily();
  if (!family) return;
  const store = open(family);
  const planned = store.plannedOn(today).map(function (a) { return a.id; });
  const cards = Array.from(root.querySelectorAll("[data-hb-child-card]"));
  const list = root.querySelector("[data-hb-child-cards]");
  const speak = setupSpeech(root, store.prefix);

  // only today's pictures, in today's order
  cards.forEach(function (card) {
    const id = card.getAttribute("data-hb-child-card");
    card.hidden = planned.indexOf(id) < 0;
    const button = card.querySelector("[data-hb-child-done]");
    const activity = store.activity(id);
    button.setAttribute("aria-label", t("child_done_label", { title: activity.title }));
    button.addEventListener("click", function () {
      store.tick(today, activity, true);
      show(true);
    });
    card.querySelector(".hb-child-picture").addEventListener("click", function () { speak(activity.title); });
  });
  planned.forEach(function (id) {
    const card = cards.find(function (c) { return c.getAttribute("data-hb-child-card") === id; });
    if (card) list.appendChild(card);
  });

  const rest = root.querySelector("[data-hb-child-rest]");
  rest.querySelector("[data-hb-child-rest-text]").textContent = t("child_rest");
  rest.hidden = planned.length > 0;

  function show(justTicked) {
    let now = null;
    let next = null;
    cards.filter(function (c) { return !c.hidden; }).forEach(function (card) {
      const done = !!store.entry(today, card.getAttribute("data-hb-child-card"));
      let state = done ? "done" : now ? (next ? "later" : "next") : "now";
      if (state === "now") now = card;
      if (state === "next") next = card;
      card.className = "hb-child-card hb-child-" + state;
      card.querySelector("[data-hb-child-star]").hidden = !done;
      card.querySelector("[data-hb-child-done]").hidden = state !== "now";
      card.querySelector("[data-hb-child-state]").textContent =
        state === "now" ? t("child_now") : state === "next" ? t("child_next") : "";
    });
    showGoal(root, store, justTicked);
    if (now) {
      if (justTicked) now.querySelector("[data-hb-child-done]").focus();
      speak(store.activity(now.getAttribute("data-hb-child-card")).title);
    } else if (planned.length) {
      if (justTicked) root.querySelector("[data-hb-child-goal-text]").focus();
      speak(t("all_done"));
    }
  }

  show(false);
}

function showGoal(root, store, justTicked) {
  const progress = rewardProgress(store);
  const box = root.querySelector("[data-hb-child-goal]");
  const text = root.querySelector("[data-hb-child-goal-text]");
  text.setAttribute("tabindex", "-1");
  if (progress.goal) {
    // the goal's star fills from the bottom as the stars add up
    const height = 24 * progress.toward / progress.goal.stars;
    const rect = root.querySelector("[data-hb-child-goal-rect]");
    rect.setAttribute("y", String(24 - height));
    rect.setAttribute("height", String(height));
    root.querySelector("[data-hb-child-goal-label]").textContent = progress.label;
    text.textContent = progress.label;
  } else {
    text.textContent = tn("child_stars", store.stars());
  }
  root.querySelector("[data-hb-child-goal-picture]").hidden = !progress.goal;
  box.hidden = false;
  box.classList.toggle("hb-landed", !!justTicked);
  const small = root.querySelector("[data-hb-child-small]");
  small.textContent = justTicked && progress.small ? t("small_reward_now", { reward: progress.small }) : "";
}

/* Speech is off until the parent turns it on; the choice is kept per family on this phone. */
function setupSpeech(root, prefix) {
  const box = root.querySelector("[data-hb-child-speak-box]");
  const toggle = root.querySelector("[data-hb-child-speak]");
  const key = prefix + "speak"; // beside the log (log_store.js), so it follows the family to a new link
  if (!("speechSynthesis" in window)) return function () {};
  try { toggle.checked = localStorage.getItem(key) === "on"; } catch (err) { toggle.checked = false; }
  toggle.addEventListener("change", function () {
    try { localStorage.setItem(key, toggle.checked ? "on" : "off"); } catch (err) { /* kept for this visit only */ }
  });
  box.hidden = false;
  return function (text) {
    if (!toggle.checked) return;
    const words = new SpeechSynthesisUtterance(text);
    words.lang = document.documentElement.lang || "en";
    window.speechSynthesis.cancel();
    window.speechSynthesis.speak(words);
  };
}
