/* Family Handbook: every word the page scripts show, from the page's catalog (the JSON island
   #hb-words, made from hooks/handbook/render/script_words.py in the site's language). A message
   has Python-style placeholders, "%(name)s"; a message for a count has one form per plural
   category (one, few, other, …), chosen with Intl.PluralRules. */

import { pageLanguage } from "./dates.js";

let catalog = null;
const formats = {};

function words() {
  if (catalog === null) {
    const island = document.getElementById("hb-words");
    catalog = {};
    try {
      if (island) catalog = JSON.parse(island.textContent) || {};
      else console.error("words.js: the page has no #hb-words catalog");
    } catch (err) {
      console.error("words.js: the page's #hb-words catalog is not JSON");
    }
  }
  return catalog;
}

function format(kind) {
  if (!formats[kind]) {
    const lang = pageLanguage();
    formats[kind] = kind === "plural" ? new Intl.PluralRules(lang)
      : kind === "list" ? new Intl.ListFormat(lang, { type: "unit", style: "short" })
      : new Intl.NumberFormat(lang);
  }
  return formats[kind];
}

/* "%(name)s" becomes params[name] (numbers written the page language's way); "%%" becomes "%". */
function fill(key, message, params) {
  return message.replace(/%(?:\((\w+)\)s|%)/g, function (whole, name) {
    if (!name) return "%";
    const value = params ? params[name] : undefined;
    if (value === undefined || value === null) {
      console.error("words.js: message " + key + " needs " + name);
      return whole;
    }
    return typeof value === "number" ? format("number").format(value) : String(value);
  });
}

function lookup(key) {
  const all = words();
  if (Object.prototype.hasOwnProperty.call(all, key) && all[key] !== null) return all[key];
  console.error("words.js: no message " + key + " in #hb-words");
  return undefined;
}

/* The message `key`, with its placeholders filled from `params`. A missing key shows as the key. */
export function t(key, params) {
  const message = lookup(key);
  if (message === undefined) return key;
  if (typeof message !== "string") {
    console.error("words.js: message " + key + " is for a count: use tn()");
    return typeof message.other === "string" ? fill(key, message.other, params) : key;
  }
  return fill(key, message, params);
}

/* The form of message `key` for `count`; "%(count)s" is the count, written the page language's way. */
export function tn(key, count, params) {
  const message = lookup(key);
  if (message === undefined) return key;
  const all = Object.assign({}, params, { count: count });
  if (typeof message === "string") {
    console.error("words.js: message " + key + " is not for a count: use t()");
    return fill(key, message, all);
  }
  const form = message[format("plural").select(count)];
  const text = form === undefined ? message.other : form;
  if (typeof text !== "string") {
    console.error("words.js: message " + key + " has no form for " + count);
    return key;
  }
  return fill(key, text, all);
}

/* Items as one list, the page language's way ("a, b, c" in English). */
export function list(items) {
  return format("list").format(items);
}
