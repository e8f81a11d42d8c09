/* `handbook serve` only (adapter/site.py: LIVE_PREVIEW_ASSETS; adapter/livereload.py adds the tag): asks the
   preview server what it shows, and then reloads the page after a good save, shows a banner with the
   problems after a bad one, and follows the site to its new address after `handbook rotate`.
   The server's words are data: they reach the page only as textContent. */

const tag = document.querySelector("script[data-preview-state]");
const epoch = Number(tag.dataset.epoch);
const home = tag.dataset.home;
const statePath = tag.dataset.previewState;
const BANNER_ID = "hb-preview-problem";
const MOST_SHOWN = 5;  // a plan full of mistakes would push the page out of sight: the terminal has them all
let shown = "[]";

const sheet = document.createElement("link");
sheet.rel = "stylesheet";
sheet.href = new URL("preview.css", import.meta.url).href;
document.head.append(sheet);

function element(name, className, text) {
  const made = document.createElement(name);
  if (className) made.className = className;
  if (text !== undefined) made.textContent = text;
  return made;
}

function showProblems(problems) {
  if (JSON.stringify(problems) === shown) return;  // the same again: no second announcement
  shown = JSON.stringify(problems);
  document.getElementById(BANNER_ID)?.remove();
  if (!problems.length) return;
  const banner = element("div", "hb-preview-problem");
  banner.id = BANNER_ID;
  banner.setAttribute("role", "alert");
  banner.append(element("p", "hb-preview-problem__title",
    "The preview could not be rebuilt: this page shows the last good version."));
  const list = element("ul", "hb-preview-problem__list");
  for (const problem of problems.slice(0, MOST_SHOWN)) {
    const item = element("li");
    if (problem.where) {
      item.append(element("code", "hb-preview-problem__where", problem.where), ": ");
    }
    item.append(problem.message);  // a string: appended as text, never parsed as HTML
    list.append(item);
  }
  if (problems.length > MOST_SHOWN) {
    list.append(element("li", "", `and ${problems.length - MOST_SHOWN} more: the terminal lists them all.`));
  }
  banner.append(list, element("p", "hb-preview-problem__todo",
    "Fix the file and save it again; this page updates by itself."));
  document.body.prepend(banner);
}

function apply(state) {
  if (state.home !== home && location.pathname.startsWith(home)) {
    location.replace(state.home + location.pathname.slice(home.length) + location.search + location.hash);
    return false;
  }
  if (state.built > epoch) {
    location.reload();
    return false;
  }
  showProblems(state.problems);
  return true;
}

async function poll(version) {
  let state;
  try {
    const response = await fetch(`${statePath}?since=${version}`, {cache: "no-store"});
    if (!response.ok) throw new Error(String(response.status));
    state = await response.json();
  } catch {
    setTimeout(() => poll(version), 2000);  // the preview is stopped or restarting: ask again later
    return;
  }
  if (apply(state)) poll(state.version);
}

poll(0);
