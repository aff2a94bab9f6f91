// Formatting for people. Pure string work: the engine's amounts are exact decimal strings with two
// decimals ("1320.00"), and they are only regrouped here, never recomputed.

/** "1320.00" → "1,320.00 元" (unit from the caller's strings). */
export function formatAmount(amount, unit) {
  const s = String(amount);
  const m = /^(-?)(\d+)(\.\d+)?$/.exec(s);
  if (!m) return unit ? `${s} ${unit}` : s;
  const grouped = m[2].replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const text = `${m[1]}${grouped}${m[3] || ''}`;
  return unit ? `${text} ${unit}` : text;
}

/** For drawing only (bar widths): the amount as a number. Never used for a shown figure. */
export function magnitude(amount) {
  const n = Number.parseFloat(amount);
  return Number.isFinite(n) && n > 0 ? n : 0;
}
