/* Family Handbook: keeps this family's site on the phone (the service worker sw.js, made by the build),
   takes in a new version when the therapist rebuilds, and says so: "Updated plan from Jessica".

   A new version is installed whole in the background (sw.js). It takes over at once when the page
   was only just opened (nothing touched yet), and the page reloads from it; otherwise the parent
   is in the middle of something, and a calm line offers it instead. Either way no page ever shows
   old and new together. */

import { open, readFamily } from "./log_store.js";
import { t } from "./words.js";

/* True when the site runs from the phone's home screen (an installed app), where its storage is its own. */
export function runsInstalled() {
  return window.matchMedia("(display-mode: standalone)").matches || navigator.standalone === true;
}

let touched = false; // the parent has tapped or typed on this page: do not reload under their finger

function notice(text, items, action) {
  const box = document.createElement("div");
  box.className = "hb-site-notice";
  box.setAttribute("role", "status");
  const line = document.createElement("p");
  line.textContent = text;
  box.appendChild(line);
  if (items && items.length) {
    const list = document.createElement("ul");
    items.forEach(function (item) {
      const li = document.createElement("li");
      li.textContent = item;
      list.appendChild(li);
    });
    box.appendChild(list);
  }
  const buttons = document.createElement("p");
  if (action) {
    const go = document.createElement("button");
    go.type = "button";
    go.className = "md-button md-button--primary";
    go.textContent = action.label;
    go.addEventListener("click", action.run);
    buttons.appendChild(go);
  }
  const close = document.createElement("button");
  close.type = "button";
  close.className = "md-button";
  close.textContent = t("notice_close");
  close.addEventListener("click", function () { box.remove(); });
  buttons.appendChild(close);
  box.appendChild(buttons);
  const page = document.querySelector(".md-content__inner") || document.body;
  page.insertBefore(box, page.firstChild);
  return box;
}

/* "Updated plan from Jessica", once, on the first page opened after the plan changed. */
function planUpdated(family) {
  const key = open(family).prefix + "plan-version";
  try {
    const seen = localStorage.getItem(key);
    if (seen !== family.plan_version) localStorage.setItem(key, family.plan_version);
    if (seen === null || seen === family.plan_version) return;
  } catch (err) {
    return; // nothing kept in this browser: nothing to compare with
  }
  notice(t("updated", { therapist: family.therapist.name }), family.changes);
}

function takeOver(worker) {
  worker.postMessage({ type: "handbook-update" });
}

function whenInstalled(worker, then) {
  if (worker.state === "installed") then(worker);
  else worker.addEventListener("statechange", function () { if (worker.state === "installed") then(worker); });
}

function offerUpdate(family, worker) {
  if (!touched) {
    takeOver(worker);
    return;
  }
  notice(t("update_ready", { therapist: family.therapist.name }), null,
    { label: t("update_show"), run: function () { takeOver(worker); } });
}

/* The host answers "not found" for the worker: the family's folder is gone (a new link, or the site taken
   down), so the copy on this phone and its worker go too. The stars stay: they are not in the copy. */
function goneFromHost(family, registration) {
  fetch(new URL("sw.js", registration.scope).href, { method: "HEAD", cache: "no-store" })
    .then(function (response) {
      if (response.status !== 404 && response.status !== 410) return;
      const prefix = "handbook " + registration.scope + " ";
      return caches.keys().then(function (names) {
        return Promise.all(names.filter(function (name) { return name.indexOf(prefix) === 0; })
          .map(function (name) { return caches.delete(name); }));
      }).then(function () { return registration.unregister(); }).then(function () {
        notice(t("gone", { therapist: family.therapist.name }), null, null);
      });
    })
    .catch(function () { /* offline: nothing to learn */ });
}

export function setupOffline() {
  const family = readFamily();
  const manifest = document.querySelector("link[rel=manifest][data-hb-worker]");
  if (!family) return;
  planUpdated(family);
  if (!manifest || !("serviceWorker" in navigator)) return;
  ["pointerdown", "keydown"].forEach(function (type) {
    document.addEventListener(type, function () { touched = true; }, { capture: true, passive: true });
  });
  const url = new URL(manifest.getAttribute("data-hb-worker"), document.baseURI);
  const hadWorker = !!navigator.serviceWorker.controller;
  navigator.serviceWorker.addEventListener("controllerchange", function () {
    if (hadWorker) location.reload(); // a new version took over: every page comes from it now
  });
  navigator.serviceWorker.register(url.href, { scope: new URL("./", url).href, updateViaCache: "none" })
    .then(function (registration) {
      if (!hadWorker) return; // the first copy: it takes over by itself, with nothing to replace
      goneFromHost(family, registration);
      if (registration.waiting) offerUpdate(family, registration.waiting);
      else if (registration.installing) whenInstalled(registration.installing, function (w) { offerUpdate(family, w); });
      registration.addEventListener("updatefound", function () {
        whenInstalled(registration.installing, function (worker) { offerUpdate(family, worker); });
      });
    })
    .catch(function () { /* no offline copy here (e.g. plain http): the site still works online */ });
}
