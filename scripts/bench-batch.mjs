// `./build.sh bench-batch [WORKDIR]`: yibao's batch against the peers, in one run, on the same
// million persons (issue 10; docs/PERFORMANCE.md, "Batch").
//
// 1. ../shared/bench/run_anchors.sh WORKDIR: the data (seeded), then a naive rust_decimal loop
//    (the exact answers, out_rust_cents.bin), OpenFisca-core and numpy float64, each best of 3 on
//    one pinned CPU.
// 2. yibao in memory (examples/bench_batch.rs): the same persons through `FixedPlan::settle`, as
//    `yibao batch` settles them, best of 3, pinned to the same CPU; then on every core. It checks
//    every payment against out_rust_cents.bin and fails on any difference.
// 3. yibao end to end: `yibao batch` on WORKDIR/claims.csv (the same persons as claims rows),
//    reading, settling and writing the results CSV, best of 3, with --jobs 1 pinned to the same
//    CPU and with --jobs set to every core. Every critical-illness payment in the results is
//    checked against out_rust_cents.bin.
//
// Prints one table of persons per second with the ratios to OpenFisca and numpy.

import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, mkdirSync } from 'node:fs';
import { cpus } from 'node:os';
import { join, resolve } from 'node:path';
import { ROOT } from './build-site.mjs';

const WORK = resolve(process.argv[2] || join(ROOT, 'target/bench-batch'));
const SHARED = resolve(ROOT, '../shared/bench/run_anchors.sh');
const CORES = cpus().length;
const PIN = ['taskset', '-c', String(CORES - 1)];

function run(cmd, args, { echo = true, env } = {}) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 256 << 20, env: { ...process.env, ...env } });
  if (r.error) throw r.error;
  if (echo) process.stdout.write(r.stdout + r.stderr);
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')}: exit status ${r.status}\n${r.stderr}`);
  return r.stdout + r.stderr;
}

function grab(text, re, what) {
  const m = re.exec(text);
  if (!m) throw new Error(`cannot find ${what} in the output`);
  return m;
}
const num = (s) => Number(s.replace(/,/g, ''));

if (!existsSync(SHARED)) throw new Error(`${SHARED} is missing: the peer benchmark lives in ../shared/bench`);
mkdirSync(WORK, { recursive: true });

// 1. The peers.
console.log(`==> The peers: ${SHARED} ${WORK}`);
const anchors = run('bash', [SHARED, WORK]);
const header = grab(anchors, /^== (\d{4}-\d\d-\d\dT[\d:]+Z); (.*)$/m, 'the machine line');
const rustDecimal = num(grab(anchors, /rust_decimal: n=(\d+) best=[\d.]+s rate=(\d+)\/s/, 'rust_decimal')[2]);
const openfisca = num(grab(anchors, /openfisca: n=\d+ best calculate [\d.]+s = ([\d,]+) persons\/s/, 'OpenFisca')[1]);
const numpy = num(grab(anchors, /numpy float64: n=\d+ best [\d.]+s = ([\d,]+) persons\/s/, 'numpy')[1]);
const off = (name) => grab(anchors, new RegExp(`${name}: (\\d+) of (\\d+) differ from exact decimal; max \\|diff\\| = ([\\d.]+) yuan`), name);
const numpyOff = off('numpy float64');
const ofOff = off('openfisca float32');
const N = num(numpyOff[2]);

// 2. yibao in memory.
console.log('\n==> yibao in memory (examples/bench_batch.rs)');
run('cargo', ['build', '--release', '--quiet', '--example', 'bench_batch', '--bin', 'yibao']);
const example = join(ROOT, 'target/release/examples/bench_batch');
const mem1 = grab(run(...[PIN[0], [...PIN.slice(1), example, WORK, '1']]), /yibao in-memory: n=(\d+) best ([\d.]+)s = (\d+) persons\/s; (\d+) of/, 'in-memory');
const memN = grab(run(example, [WORK, String(CORES)]), /yibao in-memory, \d+ threads: n=\d+ best ([\d.]+)s = (\d+) persons\/s; (\d+) of/, 'in-memory, threads');

// 3. yibao end to end.
const yibao = join(ROOT, 'target/release/yibao');
const claims = join(WORK, 'claims.csv');
const exact = new BigInt64Array(readFileSync(join(WORK, 'out_rust_cents.bin')).buffer.slice(0));

/** Best wall time of 3 runs of `yibao batch` with `jobs`; checks every critical payment. */
function endToEnd(jobs, pinned) {
  const out = join(WORK, `results-jobs${jobs}.csv`);
  const args = ['batch', '--policy', 'dongying-2020', '--jobs', String(jobs), '--out', out, '--summary', join(WORK, 'summary.json'), claims];
  let best = Infinity;
  for (let i = 0; i < 3; i++) {
    const t = process.hrtime.bigint();
    if (pinned) run(PIN[0], [...PIN.slice(1), yibao, ...args], { echo: false });
    else run(yibao, args, { echo: false });
    best = Math.min(best, Number(process.hrtime.bigint() - t) / 1e9);
  }
  // person pNNNNNNN is person NNNNNNN of the data; critical is the 4th column, in 元.
  const lines = readFileSync(out, 'utf8').split('\n');
  let wrong = 0;
  let seen = 0;
  for (const line of lines.slice(1)) {
    if (!line) continue;
    const f = line.split(',');
    const i = Number(f[0].slice(1));
    const [y, c] = f[3].split('.');
    if (BigInt(y) * 100n + BigInt(c) !== exact[i]) wrong++;
    seen++;
  }
  if (seen !== N) throw new Error(`${out}: ${seen} persons, expected ${N}`);
  console.log(`yibao batch --jobs ${jobs}: best ${best.toFixed(3)} s; ${wrong} of ${seen} differ from the exact answers`);
  if (wrong) throw new Error('yibao batch must be exact');
  return { best, wrong };
}
console.log(`\n==> yibao batch end to end (${claims})`);
const e2e1 = endToEnd(1, true);
const e2eN = endToEnd(CORES, false);

// The table.
const rate = (r) => Math.round(r).toLocaleString('en-US');
const x = (r, base) => `${(r / base).toFixed(2)}×`;
const rows = [
  ['OpenFisca-core, vectorised `calculate` (float32)', openfisca, `no: ${ofOff[1]} off, by up to ${ofOff[3]} 元`],
  ['numpy float64, vectorised', numpy, `no: ${numpyOff[1]} off, by up to ${numpyOff[3]} 元`],
  ['naive rust_decimal loop', rustDecimal, 'yes (the reference)'],
  ['**yibao, in memory, 1 thread**', num(mem1[3]), `yes: ${mem1[4]} of ${N} off`],
  [`yibao, in memory, ${CORES} threads`, num(memN[2]), `yes: ${memN[3]} of ${N} off`],
  ['**yibao batch, CSV file to results CSV, `--jobs 1`**', N / e2e1.best, `yes: ${e2e1.wrong} of ${N} off`],
  [`yibao batch, CSV file to results CSV, \`--jobs ${CORES}\``, N / e2eN.best, `yes: ${e2eN.wrong} of ${N} off`],
];
console.log(`\n${N.toLocaleString('en-US')} persons, Dongying 2020's critical-illness rule; ${header[1]}; ${header[2]}`);
console.log('Single-thread rows pinned to one CPU; the peers are best of 3, yibao best of 3.\n');
console.log('| engine | persons/s | vs OpenFisca | vs numpy | exact? |');
console.log('|---|---:|---:|---:|---|');
for (const [name, r, exactness] of rows) console.log(`| ${name} | ${rate(r)} | ${x(r, openfisca)} | ${x(r, numpy)} | ${exactness} |`);
