// Generated claims files for the batch tests (docs/CONTRACT.md, "Claims files and yibao batch"):
// Dongying 2020 persons with inpatient and 门诊慢特病 visits whose settlement slips give the basic
// insurance's payment, so no local parameter is needed but the critical-illness scope. Seeded, so
// the browser and the command line read the same bytes.

/** A small deterministic generator (mulberry32). */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const fen = (n) => `${Math.floor(n / 100)}.${String(n % 100).padStart(2, '0')}`;

/**
 * `persons` persons with 1 to `maxVisits` visits each, as CSV text. `shuffle` puts the rows in
 * a random order (so the file is not sorted by person); `bad` adds that many malformed rows.
 */
export function claimsCsv({ persons, maxVisits = 4, seed = 1, shuffle = false, bad = 0 }) {
  const r = rng(seed);
  const rows = [];
  for (let p = 0; p < persons; p++) {
    const id = `p${String(p).padStart(7, '0')}`;
    const groups = r() < 0.1 ? 'dibao' : '';
    const visits = 1 + Math.floor(r() * maxVisits);
    for (let seq = 1; seq <= visits; seq++) {
      const care = r() < 0.7 ? 'inpatient' : 'special_outpatient';
      const level = 1 + Math.floor(r() * 3);
      const total = Math.floor(r() * 30_000_000); // up to 300,000.00 元, in 分
      const excluded = Math.floor(r() * total * 0.2);
      const paid = Math.floor(r() * (total - excluded) * 0.7);
      rows.push(`${id},${seq},resident,${groups},${care},${level},${fen(total)},${fen(excluded)},${fen(paid)}`);
    }
  }
  for (let i = 0; i < bad; i++) {
    const kinds = [
      (id) => `${id},1,resident,,dental,3,100.00,0,0`,
      (id) => `${id},1,resident,,inpatient,3,-5.00,0,0`,
      (id) => `${id},x,resident,,inpatient,3,100.00,0,0`,
      (id) => `,1,resident,,inpatient,3,100.00,0,0`,
    ];
    rows.push(kinds[i % kinds.length](`bad${i}`));
  }
  if (shuffle) {
    for (let i = rows.length - 1; i > 0; i--) {
      const j = Math.floor(r() * (i + 1));
      [rows[i], rows[j]] = [rows[j], rows[i]];
    }
  }
  return `person,seq,tier,groups,care,level,total,excluded,basic_paid\n${rows.join('\n')}\n`;
}

/** Dongying 2020 parameter sets: the critical-illness base counted as `scope`. */
export function scopeSet(scope, agency = '测试经办机构') {
  return `policy = "dongying-2020"

[agency]
name = "${agency}"

[params.critical_scope]
value = "${scope}"
document = "测试用参数文件"
number = "测试〔2026〕1号"
clause = "一"
date = 2026-01-01
`;
}
