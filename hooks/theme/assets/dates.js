/* Family Handbook: the one place dates are worked out and written. A date is an ISO "yyyy-mm-dd"
   string of the phone's own calendar (not UTC: "today" is where the family is). Dates are written
   in the page's language, in the styles the site's pages use (the CLDR skeletons of DATE_STYLES in
   hooks/handbook/render/messages.py, which Babel writes on the Python side). */

const WEEK = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const STYLES = {
  day: { weekday: "long", day: "numeric", month: "long" }, // Wednesday, November 25
  short: { weekday: "short", day: "numeric", month: "short" }, // Wed, Nov 25
  month_day: { day: "numeric", month: "long" } // November 25
};
const formats = {};

/* The language the page is written in: dates and numbers follow it, not the phone's settings. */
export function pageLanguage() {
  const lang = document.documentElement.lang || "en";
  try {
    Intl.getCanonicalLocales(lang);
    return lang;
  } catch (err) {
    console.error("dates.js: the page's lang " + lang + " is not a language tag");
    return "en";
  }
}

function pad(n) {
  return String(n).padStart(2, "0");
}

export function isoDate(date) {
  return date.getFullYear() + "-" + pad(date.getMonth() + 1) + "-" + pad(date.getDate());
}

export function parseDate(iso) {
  const [year, month, day] = iso.split("-").map(Number);
  return new Date(year, month - 1, day);
}

export function addDays(iso, n) {
  const date = parseDate(iso);
  date.setDate(date.getDate() + n);
  return isoDate(date);
}

/* True for an ISO date that exists (no 30 February). */
export function isRealDate(iso) {
  return typeof iso === "string" && DATE.test(iso) && isoDate(parseDate(iso)) === iso;
}

/* The plan's name for the date's weekday: "mon" … "sun". */
export function dayKey(iso) {
  return WEEK[parseDate(iso).getDay()];
}

/* The date's place in a week that starts on Monday, as the plan's week does: Monday 0 … Sunday 6. */
export function weekdayIndex(iso) {
  return (parseDate(iso).getDay() + 6) % 7;
}

/* The Monday of the date's week. */
export function weekStart(iso) {
  return addDays(iso, -weekdayIndex(iso));
}

/* `style`: "day" (Wednesday, November 25), "short" (Wed, Nov 25) or "month_day" (November 25). */
export function formatDate(iso, style) {
  if (!formats[style]) {
    if (!STYLES[style]) console.error("dates.js: no date style " + style);
    formats[style] = new Intl.DateTimeFormat(pageLanguage(), STYLES[style] || STYLES.day);
  }
  return formats[style].format(parseDate(iso));
}
