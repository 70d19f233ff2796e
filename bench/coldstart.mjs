// Cold start: time from spawning `medoffice serve` to the first answered GET /healthz, and the
// server's resident memory when idle. Usage: node bench/coldstart.mjs BIN DB_URL [runs]
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import http from 'node:http';

const [bin, url, runsArg] = process.argv.slice(2);
const runs = Number(runsArg ?? 10);
const get = (port, path) => new Promise((resolve, reject) => {
  http.get({ host: '127.0.0.1', port, path, agent: false }, (res) => { res.resume(); res.on('end', () => resolve(res.statusCode)); }).on('error', reject);
});
const rssKb = (pid) => Number(readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmRSS:\s+(\d+)/)[1]);

const times = [];
let idle = [];
for (let i = 0; i < runs; i++) {
  const t0 = process.hrtime.bigint();
  const child = spawn(bin, ['serve', '--db', url, '--listen', '127.0.0.1:0'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise((resolve) => {
    let out = '';
    child.stdout.on('data', (d) => { out += d; const m = out.match(/:(\d+)\//); if (m) resolve(Number(m[1])); });
  });
  const status = await get(port, '/healthz');
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (status !== 200) throw new Error(`healthz ${status}`);
  times.push(ms);
  await new Promise((r) => setTimeout(r, 300));
  idle.push(rssKb(child.pid));
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
}
times.sort((a, b) => a - b);
idle.sort((a, b) => a - b);
console.log(JSON.stringify({
  runs,
  cold_start_ms: { min: +times[0].toFixed(1), median: +times[Math.floor(runs / 2)].toFixed(1), max: +times[runs - 1].toFixed(1) },
  idle_rss_mb: { median: +(idle[Math.floor(runs / 2)] / 1024).toFixed(1), max: +(idle[runs - 1] / 1024).toFixed(1) },
}));
