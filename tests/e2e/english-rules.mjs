// What English text may keep in Chinese, as the engine's own test counts it (tests/catalogue.rs,
// stray_chinese): documents' quotes “…”, documents' titles 《…》 and bracketed official terms (…).

export const isCjk = (c) => {
  const x = c.codePointAt(0);
  return (x >= 0x3000 && x <= 0x303f) || (x >= 0x3400 && x <= 0x9fff) || (x >= 0xff00 && x <= 0xffef);
};

/** The Chinese characters of `s` outside “…”, 《…》 and (…). */
export function strayChinese(s) {
  let out = '';
  const depth = { '“': 0, '《': 0, '(': 0 };
  const close = { '”': '“', '》': '《', ')': '(' };
  for (const ch of s) {
    if (ch in depth) depth[ch]++;
    else if (ch in close) depth[close[ch]]--;
    else if (Object.values(depth).every((d) => d === 0) && isCjk(ch)) out += ch;
  }
  return out;
}
