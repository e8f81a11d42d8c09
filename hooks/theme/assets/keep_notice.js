/* Family Handbook: "Keep it on your phone". After the first tick, once per family in this browser, a
   short note on how to put the handbook on the home screen, where the browser keeps its stars
   (Safari clears a site's storage after 7 days without a visit, but not a home-screen app's).
   Loaded by handbook.js only when a tick has been saved, and its style sheet (keep_notice.css) with it,
   so a first visit fetches neither. */

import { open, readFamily } from "./log_store.js";
import { runsInstalled } from "./offline.js";
import { t } from "./words.js";

const ICON_MARK = "\u0001"; // where the Share icon goes in the iPhone's line
const GAP = 6; // px between the note on the practice view and the header above it, the bar below it

function apple() {
  const agent = navigator.userAgent;
  // an iPad asks for the desktop site: it says Macintosh, but has a touch screen
  return /iPhone|iPad|iPod/.test(agent) || (/Macintosh/.test(agent) && navigator.maxTouchPoints > 1);
}

/* A small drawing: iOS's Share button (a box with an arrow up), or a cross to close the note. */
function icon(d, className) {
  const svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
  svg.setAttribute("viewBox", "0 0 24 24");
  svg.setAttribute("class", className);
  svg.setAttribute("aria-hidden", "true");
  svg.setAttribute("focusable", "false");
  const path = document.createElementNS("http://www.w3.org/2000/svg", "path");
  path.setAttribute("d", d);
  svg.appendChild(path);
  return svg;
}

function button(text, className, run) {
  const el = document.createElement("button");
  el.type = "button";
  el.className = className;
  el.textContent = text;
  el.addEventListener("click", run);
  return el;
}

/* The line for this browser, the install button when Chrome offered its prompt, and a close button. */
function fill(box, family, close) {
  const text = document.createElement("div");
  const line = document.createElement("p");
  text.appendChild(line);
  const offer = window.hbInstallPrompt; // kept by handbook.js when the page loaded
  if (offer) {
    line.textContent = t("keep_install");
    const install = document.createElement("p");
    install.appendChild(button(t("keep_install_button"), "md-button md-button--primary", function () {
      window.hbInstallPrompt = null; // a prompt can be shown only once
      Promise.resolve(offer.prompt()).catch(function () {}).then(close);
    }));
    text.appendChild(install);
  } else if (apple()) {
    const [before, after] = t("keep_ios", { icon: ICON_MARK }).split(ICON_MARK);
    line.append(before, icon("M12 3v12M8 7l4-4 4 4M9 10H6v11h12V10h-3", "hb-keep-icon"),
      after === undefined ? "" : after);
  } else {
    line.textContent = t("keep_other");
  }
  line.append(" " + t("keep_why", { child: family.child }));
  const shut = button("", "hb-keep-close", close);
  shut.setAttribute("aria-label", t("keep_close"));
  shut.appendChild(icon("M6 6l12 12M18 6L6 18", "hb-keep-icon"));
  box.replaceChildren(text, shut);
}

/* On the practice view the "We did it" bar and its reward fill the foot of the screen: the note goes
   above them, under the header, in the room that is left. */
function placeAboveBar(box, bar) {
  box.classList.add("hb-keep-fixed");
  function place() {
    const header = document.querySelector(".md-header");
    const top = (header ? Math.max(0, header.getBoundingClientRect().bottom) : 0) + GAP;
    box.style.top = top + "px";
    box.style.maxHeight = Math.max(0, bar.getBoundingClientRect().top - GAP - top) + "px";
  }
  place();
  const watch = new ResizeObserver(place);
  watch.observe(bar);
  window.addEventListener("resize", place);
  return function () {
    watch.disconnect();
    window.removeEventListener("resize", place);
  };
}

/* The note's own style sheet, fetched only now; without it the note would still be there, plainer. */
function loadStyle() {
  return new Promise(function (done) {
    const link = document.createElement("link");
    link.rel = "stylesheet";
    link.href = new URL("keep_notice.css", import.meta.url).href;
    link.addEventListener("load", done);
    link.addEventListener("error", done);
    document.head.appendChild(link);
  });
}

export function keepNotice() {
  const family = readFamily();
  if (!family || runsInstalled() || document.querySelector("[data-hb-child]")) return; // the child's view is the child's
  const store = open(family);
  const storage = store.storage();
  const key = store.prefix + "keep-notice";
  if (!storage || storage.getItem(key) !== null) return;
  loadStyle().then(function () { show(family, storage, key); });
}

function show(family, storage, key) {
  function remember() {
    try {
      storage.setItem(key, new Date().toISOString().slice(0, 10));
    } catch (err) { /* out of space: it may show once more, and nothing else is lost */ }
  }

  const box = document.createElement("div");
  box.className = "hb-keep-notice md-typeset";
  box.setAttribute("role", "status"); // read out when it fills in below, without taking the focus
  const from = document.activeElement; // where the parent is: given back if they close the note from it
  const bar = document.querySelector("[data-hb-practice-bar]:not([hidden])");
  let unplace = null;
  if (bar) {
    document.body.appendChild(box);
    unplace = placeAboveBar(box, bar);
  } else {
    // in the page, just after the place of the tick: nothing moves under the finger, nothing is covered
    const spot = document.querySelector("[data-hb-today], [data-hb-done], .hb-log-day");
    const page = document.querySelector(".md-content__inner") || document.body;
    if (spot) spot.after(box);
    else page.prepend(box);
  }

  // shown means seen: a note below the fold waits for the parent to scroll to it
  const seen = new IntersectionObserver(function (changes) {
    if (changes.some(function (c) { return c.isIntersecting; })) {
      remember();
      seen.disconnect();
    }
  }, { threshold: 0.5 });

  function close() {
    remember();
    seen.disconnect();
    const hadFocus = box.contains(document.activeElement);
    if (unplace) unplace();
    box.remove();
    document.removeEventListener("keydown", onKey);
    if (hadFocus && from && from.isConnected && from.getClientRects().length) from.focus({ preventScroll: true });
  }

  function onKey(event) {
    if (event.key === "Escape" && !event.defaultPrevented &&
        !(event.target.closest && event.target.closest(".md-search"))) close();
  }

  document.addEventListener("keydown", onKey);
  // filled once it is in the page, so that screen readers announce it
  setTimeout(function () {
    fill(box, family, close);
    seen.observe(box);
  }, 50);
}
