// SPDX-License-Identifier: AGPL-3.0-or-later
// X12 codec against npm node-x12 on the same generated 837P, in one run:
//   1. x12_bench writes the file (about 25.6 MB, 900 ST/SE, 45,000 claims, by the codec's Writer);
//   2. x12_bench measures tokenising and the full check in process (Google Benchmark);
//   3. `medoffice x12 check FILE` is timed as a whole process (start-up and file reading
//      included), peak RSS from /usr/bin/time;
//   4. node-x12 1.7.1 (tests/node) reads the same file streaming (X12Parser as a Transform) and
//      into its full object model (X12Parser.parse), each in a child process of its own;
//   5. the ratios are printed. MB are 10^6 bytes.
// Usage: node bench/x12_node.mjs [BUILD_DIR] [RUNS]   (default build/release, 5 runs)
import { spawnSync } from 'node:child_process';
import { createReadStream, mkdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';

const root = new URL('..', import.meta.url).pathname;

if (process.argv[2] === '--child') {
  // One node-x12 measurement in a fresh process: prints {seconds, segments|transactions, maxRssKb}.
  const require = createRequire(`${root}tests/node/package.json`);
  const { X12Parser } = require('node-x12');
  const [, , , mode, file] = process.argv;
  const t0 = performance.now();
  let result;
  if (mode === 'stream') {
    // node-x12 1.7.1 re-reads the separators from the start of every chunk unless it is given
    // them (its `_parsedISA` flag is set only by the object-model path), so they are passed in;
    // strict mode would refuse every chunk after the first for the same reason.
    const options = { segmentTerminator: '~', elementDelimiter: '*', subElementDelimiter: ':', repetitionDelimiter: '^', endOfLine: '\n', format: true };
    let segments = 0;
    await new Promise((resolve, reject) => {
      createReadStream(file).pipe(new X12Parser(false, 'utf8', options))
        .on('data', () => { segments++; }).on('end', resolve).on('error', reject);
    });
    result = { segments };
  } else {
    // The full object model, strict, a new parser per document (DESIGN.md).
    const interchange = new X12Parser(true).parse(readFileSync(file, 'utf8'));
    const transactions = interchange.functionalGroups.reduce((n, g) => n + g.transactions.length, 0);
    result = { transactions };
  }
  const seconds = (performance.now() - t0) / 1000;
  console.log(JSON.stringify({ seconds, maxRssKb: process.resourceUsage().maxRSS, ...result }));
  process.exit(0);
}

const build = process.argv[2] ?? `${root}build/release`;
const runs = Number(process.argv[3] ?? 5);
const bench = `${build}/x12_bench`;
const bin = `${build}/medoffice`;
mkdirSync(`${root}build/bench`, { recursive: true });
const file = `${root}build/bench/x12_837p.x12`;

const run = (cmd, args) => {
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
};
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

console.log(run(bench, [`--x12_write=${file}`]).trim());
const bytes = statSync(file).size;
const mb = bytes / 1e6;
const segments = readFileSync(file, 'latin1').split('~').length - 1;

// In process, C++.
const gb = JSON.parse(run(bench, ['--benchmark_filter=X12(Tokenize|Check)', '--benchmark_format=json', '--benchmark_repetitions=3', '--benchmark_report_aggregates_only=true']));
const cpp = {};
for (const b of gb.benchmarks) {
  if (b.aggregate_name !== 'median') continue;
  cpp[b.run_name.replace('BM_X12', '')] = b.bytes_per_second / 1e6;
}

// Whole process, C++ CLI.
const cliSeconds = [];
const cliRss = [];
for (let i = 0; i < runs; i++) {
  const t0 = performance.now();
  const r = spawnSync('/usr/bin/time', ['-f', 'maxrss=%M', bin, 'x12', 'check', file], { encoding: 'utf8' });
  cliSeconds.push((performance.now() - t0) / 1000);
  if (r.status !== 0) throw new Error(`x12 check: ${r.stderr}`);
  cliRss.push(Number(r.stderr.match(/maxrss=(\d+)/)[1]));
  if (i === 0) console.log(`medoffice x12 check: ${r.stdout.trim()}`);
}

// node-x12, each run in a fresh process.
const child = (mode) => {
  const out = [];
  for (let i = 0; i < Math.max(1, mode === 'full' ? Math.min(runs, 3) : runs); i++) {
    out.push(JSON.parse(run(process.execPath, [new URL(import.meta.url).pathname, '--child', mode, file])));
  }
  return out;
};
const stream = child('stream');
const full = child('full');
if (stream[0].segments !== segments) throw new Error(`node-x12 streaming saw ${stream[0].segments} segments, the file has ${segments}`);
if (full[0].transactions !== 900) throw new Error(`node-x12 saw ${full[0].transactions} transactions`);

const rows = [
  ['C++ tokenise: segments (in process)', cpp.TokenizeSegments, null],
  ['C++ tokenise: segments and elements (in process)', cpp.TokenizeSegmentsAndElements, null],
  ['C++ full check from memory (in process)', cpp.CheckFromMemory, null],
  ['C++ full check from a stream, 1 MiB reads (in process)', cpp.CheckFromStream, null],
  ['medoffice x12 check FILE (whole process)', mb / median(cliSeconds), median(cliRss)],
  ['node-x12 streaming (X12Parser Transform)', mb / median(stream.map((s) => s.seconds)), median(stream.map((s) => s.maxRssKb))],
  ['node-x12 full object model (X12Parser.parse, strict)', mb / median(full.map((s) => s.seconds)), median(full.map((s) => s.maxRssKb))],
];
console.log(`\nfile: ${file}, ${bytes} bytes (${mb.toFixed(1)} MB), ${segments} segments; medians of ${runs} runs (node-x12 full: ${full.length})`);
console.log('| reader | MB/s | peak RSS |');
console.log('|---|---|---|');
for (const [name, rate, rss] of rows) {
  console.log(`| ${name} | ${rate.toFixed(1)} | ${rss ? `${(rss / 1024).toFixed(0)} MiB` : ''} |`);
}
const nodeStream = rows[5][1];
const nodeFull = rows[6][1];
console.log('\nratios:');
console.log(`  C++ full check (memory) / node-x12 streaming:   ${(cpp.CheckFromMemory / nodeStream).toFixed(1)}x`);
console.log(`  C++ full check (memory) / node-x12 full model:  ${(cpp.CheckFromMemory / nodeFull).toFixed(1)}x`);
console.log(`  x12 check whole process / node-x12 streaming:   ${(rows[4][1] / nodeStream).toFixed(1)}x`);
console.log(`  x12 check whole process / node-x12 full model:  ${(rows[4][1] / nodeFull).toFixed(1)}x`);
console.log(`  C++ tokenise / node-x12 streaming:              ${(cpp.TokenizeSegments / nodeStream).toFixed(1)}x`);
console.log(`  peak RSS node-x12 full / x12 check:             ${(rows[6][2] / rows[4][2]).toFixed(0)}x`);
