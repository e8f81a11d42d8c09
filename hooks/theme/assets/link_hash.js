/* Family Handbook: the fingerprint of an old link (SHA-256, as core/safety.py link_hash makes it), by which
   a site finds the star chart a browser kept under that link. Done here, not with crypto.subtle, which
   pages served over plain http (a preview on the home network) do not have, and which is only async. */

/* SHA-256's constants: the first 32 bits of the fractional parts of the square roots of the first 8 primes
   (H) and the cube roots of the first 64 (K), worked out rather than written out: a smaller first visit. */
const PRIMES = [];
for (let n = 2; PRIMES.length < 64; n++) {
  if (PRIMES.every(function (p) { return n % p; })) PRIMES.push(n);
}
function fraction(x) {
  return ((x - Math.floor(x)) * 0x100000000) | 0;
}
const H = PRIMES.slice(0, 8).map(function (p) { return fraction(Math.sqrt(p)); });
const K = PRIMES.map(function (p) { return fraction(Math.cbrt(p)); });
const SALT = "family-handbook-link:";

function rotr(x, n) {
  return (x >>> n) | (x << (32 - n));
}

/* SHA-256 of a text (UTF-8), in hex. */
export function sha256(text) {
  const bytes = Array.from(new TextEncoder().encode(text));
  const bits = bytes.length * 8;
  bytes.push(0x80);
  while (bytes.length % 64 !== 56) bytes.push(0);
  for (let i = 7; i >= 0; i--) bytes.push(i >= 4 ? 0 : (bits >>> (i * 8)) & 0xff);
  const h = H.slice();
  const w = new Array(64);
  for (let at = 0; at < bytes.length; at += 64) {
    for (let i = 0; i < 16; i++) {
      const j = at + i * 4;
      w[i] = (bytes[j] << 24) | (bytes[j + 1] << 16) | (bytes[j + 2] << 8) | bytes[j + 3];
    }
    for (let i = 16; i < 64; i++) {
      const s0 = rotr(w[i - 15], 7) ^ rotr(w[i - 15], 18) ^ (w[i - 15] >>> 3);
      const s1 = rotr(w[i - 2], 17) ^ rotr(w[i - 2], 19) ^ (w[i - 2] >>> 10);
      w[i] = (w[i - 16] + s0 + w[i - 7] + s1) | 0;
    }
    let [a, b, c, d, e, f, g, k] = h;
    for (let i = 0; i < 64; i++) {
      const t1 = (k + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + K[i] + w[i]) | 0;
      const t2 = ((rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c))) | 0;
      k = g; g = f; f = e; e = (d + t1) | 0; d = c; c = b; b = a; a = (t1 + t2) | 0;
    }
    [a, b, c, d, e, f, g, k].forEach(function (v, i) { h[i] = (h[i] + v) | 0; });
  }
  return h.map(function (v) { return (v >>> 0).toString(16).padStart(8, "0"); }).join("");
}

/* The fingerprint the plan's previous_links hold for an old link. */
export function linkHash(token) {
  return sha256(SALT + token).slice(0, 32);
}
