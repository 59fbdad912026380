// Measures the desktop app's cold start and memory; run by scripts/bench-app.sh, which builds the
// app, prepares the database, starts Xvfb and runs this under dbus-run-session. See that script
// for what is measured and how. Writes target/bench-results/app-cold-start.json and
// app-memory.json, and prints every run.
import { spawn, execFileSync } from 'node:child_process';
import { createServer } from 'node:http';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Session } from '../tests/e2e/webdriver.mjs';

const env = (name, fallback) => process.env[name] ?? fallback;
const APP = env('BENCH_APP');
const DB = env('BENCH_DB');
const LOGIN = env('BENCH_LOGIN', 'kim');
const PIN = env('BENCH_PIN');
const ACTIVE = Number(env('BENCH_ACTIVE_PROGRAMS')); // what the CLI lists (retired left out)
const GENERATED = Number(env('BENCH_PROGRAMS', '10000'));
const COLD_RUNS = Number(env('BENCH_COLD_RUNS', '10'));
const WARM_RUNS = Number(env('BENCH_WARM_RUNS', '5'));
const MEM_RUNS = Number(env('BENCH_MEM_RUNS', '3'));
const OUT = env('BENCH_OUT', 'target/bench-results');
const DRIVER_BIN = env('BENCH_DRIVER');
const MINIBROWSER = env('BENCH_MINIBROWSER', '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser');
const PORT = Number(env('BENCH_DRIVER_PORT', '4747'));
for (const [k, v] of Object.entries({ APP, DB, PIN, DRIVER_BIN })) if (!v) throw new Error(`BENCH_${k} not set`);

mkdirSync(OUT, { recursive: true });
const log = (...a) => console.log(...a);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
/** Unix time in microseconds (sub-millisecond resolution). */
const nowMicros = () => Math.round((performance.timeOrigin + performance.now()) * 1000);
const round1 = (x) => Math.round(x * 10) / 10;

/** Median and p95 (nearest rank: with 10 runs the p95 is the slowest run). */
function stats(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const n = s.length;
  const median = n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
  const p95 = s[Math.max(0, Math.ceil(0.95 * n) - 1)];
  return { median: round1(median), p95: round1(p95), min: round1(s[0]), max: round1(s[n - 1]) };
}

/** Empty the page cache (root only), so files come from disk again. */
function dropCaches() {
  try {
    execFileSync('sync');
    writeFileSync('/proc/sys/vm/drop_caches', '3');
    return true;
  } catch {
    return false;
  }
}

// ---- processes --------------------------------------------------------------------------

function procs() {
  const out = new Map();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      const close = stat.lastIndexOf(')');
      const comm = stat.slice(stat.indexOf('(') + 1, close);
      const ppid = Number(stat.slice(close + 2).split(' ')[1]);
      out.set(Number(d), { pid: Number(d), ppid, comm });
    } catch {
      // Gone meanwhile.
    }
  }
  return out;
}

/** `pid` and every process below it. */
function tree(pid, all = procs()) {
  const found = [pid];
  for (let i = 0; i < found.length; i++) {
    for (const p of all.values()) if (p.ppid === found[i]) found.push(p.pid);
  }
  return found.filter((p) => all.has(p)).map((p) => all.get(p));
}

const alive = (pid) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** Stop a process and wait until it and everything it started are gone. */
async function stopTree(pid) {
  const members = tree(pid).map((p) => p.pid);
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    // Already gone.
  }
  const end = Date.now() + 10000;
  while (members.some(alive) && Date.now() < end) await sleep(50);
  for (const p of members.filter(alive)) {
    try {
      process.kill(p, 'SIGKILL');
    } catch {
      // Gone meanwhile.
    }
  }
  while (members.some(alive)) await sleep(50);
}

/** PSS and RSS (kB) of one process, from smaps_rollup. */
function memoryOf(pid) {
  const text = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
  const kb = (key) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(text)?.[1] ?? 0);
  return { pss: kb('Pss'), rss: kb('Rss') };
}

/** The app's process tree: each member's name and memory, and the sums in MB. */
function treeMemory(appPid) {
  const members = tree(appPid).map((p) => ({ ...p, ...memoryOf(p.pid) }));
  const mb = (kb) => round1(kb / 1024);
  return {
    pss: mb(members.reduce((a, p) => a + p.pss, 0)),
    rss: mb(members.reduce((a, p) => a + p.rss, 0)),
    members: members.map((p) => ({ name: p.comm, pss: mb(p.pss), rss: mb(p.rss) })),
  };
}

// ---- cold start -------------------------------------------------------------------------

/** Spawn `cmd`, wait until `ready(line)` matches a line of its stderr (or `waitReady()`
 *  resolves), and return the time from just before the spawn. */
async function timedLaunch(cmd, args, extraEnv, { drop, readyFromStderr, readyPromise }) {
  const dropped = drop ? dropCaches() : false;
  const t0 = nowMicros();
  const child = spawn(cmd, args, { env: { ...process.env, ...extraEnv }, stdio: ['ignore', 'ignore', 'pipe'] });
  let errText = '';
  let timer;
  const ready = new Promise((resolve, reject) => {
    let buf = '';
    child.stderr.on('data', (d) => {
      buf += d;
      errText += d;
      let nl;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        const r = readyFromStderr?.(line);
        if (r) resolve(r);
      }
    });
    readyPromise?.then(resolve);
    child.on('error', reject);
    child.on('exit', (code) => reject(new Error(`${cmd} exited (${code}) before it was ready:\n${errText.slice(-2000)}`)));
    timer = setTimeout(() => reject(new Error(`${cmd} not ready in 60 s:\n${errText.slice(-2000)}`)), 60000);
  });
  try {
    const r = await ready;
    let starts = null;
    try {
      starts = childStarts(child.pid);
    } catch {
      // Not a process tree we can read.
    }
    return { ms: (r.micros - t0) / 1000, screen: r.screen, page: r.page, t0, starts, dropped };
  } finally {
    clearTimeout(timer);
    child.removeAllListeners('exit');
    await stopTree(child.pid);
    await sleep(300);
  }
}

/** `onestop-ready <unix µs> <screen> origin=… html=… dcl=… mounted=… painted=…` (page times in
 *  ms since the navigation started at `origin`, a Unix time in ms). */
const probeLine = (line) => {
  const m = /^onestop-ready (\d+) (\w*)(.*)$/.exec(line);
  if (!m) return null;
  const page = Object.fromEntries([...m[3].matchAll(/(\w+)=(-?[\d.]+)/g)].map(([, k, v]) => [k, Number(v)]));
  return { micros: Number(m[1]), screen: m[2], page };
};

/** Start times of the processes below `pid`, in ms after it started (10 ms resolution). */
function childStarts(pid) {
  const ticks = (p) => Number(readFileSync(`/proc/${p}/stat`, 'utf8').split(') ')[1].split(' ')[19]);
  const t0 = ticks(pid);
  const out = {};
  for (const p of tree(pid).slice(1)) {
    try {
      out[p.comm] ??= (ticks(p.pid) - t0) * 10;
    } catch {
      // Gone meanwhile.
    }
  }
  return out;
}

/** Where the time of one app start went, in ms from the spawn. */
function phases(r) {
  const p = r.page;
  if (!p || !(p.origin > 0)) return null;
  const nav = p.origin - r.t0 / 1000;
  return {
    webProcess: r.starts?.WebKitWebProces ?? null,
    navigation: nav,
    html: nav + p.html,
    domContentLoaded: nav + p.dcl,
    mounted: nav + p.mounted,
    painted: nav + p.painted,
    probe: r.ms,
  };
}

const PHASES = {
  webProcess: 'web process spawned',
  navigation: 'navigation started',
  html: 'index.html received',
  domContentLoaded: 'script run (DOMContentLoaded)',
  mounted: 'first screen mounted',
  painted: 'painted',
  probe: 'probe in Rust',
};
const showPhases = (ph) =>
  Object.entries(PHASES)
    .filter(([k]) => ph[k] !== null && ph[k] !== undefined)
    .map(([k, what]) => `${what} +${ph[k].toFixed(0)}`)
    .join(', ');

async function appStart(drop) {
  return timedLaunch(APP, [], { ONESTOP_DB: DB, ONESTOP_STARTUP_PROBE: '1' }, { drop, readyFromStderr: probeLine });
}

/** The floor: WebKitGTK's MiniBrowser (the same WebKitGTK, no Tauri, no app) showing a blank
 *  page that, once painted, tells a local HTTP server so. */
/** A blank page that, once painted, tells the server on `port`. */
const blankPage = (port) => `<!doctype html><html><head><meta charset="utf-8"><title>floor</title></head><body><div>Onestop</div>
<script>requestAnimationFrame(() => setTimeout(() => fetch('http://127.0.0.1:${port}/ready', { mode: 'no-cors' }), 0));</script>
</body></html>`;

async function floorStart(drop, server, page) {
  let signal;
  const painted = new Promise((r) => (signal = r));
  server.onReady = () => signal({ micros: nowMicros(), screen: 'blank' });
  return timedLaunch(MINIBROWSER, [`file://${page}`], {}, { drop, readyPromise: painted });
}

function medianPhases(list) {
  const out = {};
  for (const k of Object.keys(PHASES)) {
    const xs = list.map((p) => p[k]).filter((x) => x !== null && x !== undefined);
    out[k] = xs.length ? stats(xs).median : null;
  }
  return out;
}

async function coldStart() {
  log(`== cold start: ${APP}, database ${DB}`);
  const load = loadAverage();
  // The first launch in a new D-Bus session starts the desktop services a real session already
  // runs (xdg-desktop-portal, the accessibility bus): not counted.
  const warmup = await appStart(false);
  log(`session warm-up launch (not counted): ${warmup.ms.toFixed(1)} ms`);
  const cold = [];
  const coldPhases = [];
  let droppedAll = true;
  for (let i = 0; i < COLD_RUNS; i++) {
    const r = await appStart(true);
    droppedAll &&= r.dropped;
    cold.push(r.ms);
    const ph = phases(r);
    if (ph) coldPhases.push(ph);
    log(
      `cold run ${i + 1}: ${r.ms.toFixed(1)} ms to the ${r.screen} screen (page cache dropped: ${r.dropped})` +
        (ph ? `; ${showPhases(ph)}` : ''),
    );
  }
  const warm = [];
  for (let i = 0; i < WARM_RUNS; i++) {
    const r = await appStart(false);
    warm.push(r.ms);
    log(`warm run ${i + 1}: ${r.ms.toFixed(1)} ms (page cache kept)`);
  }

  // The floor, the same way.
  const dir = mkdtempSync(join(tmpdir(), 'onestop-floor-'));
  const server = createServer((req, res) => {
    if (req.url === '/ready') server.onReady?.();
    res.writeHead(204, { 'access-control-allow-origin': '*' });
    res.end();
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const page = join(dir, 'blank.html');
  writeFileSync(page, blankPage(server.address().port));
  const floor = [];
  let floorNote = '';
  try {
    await floorStart(false, server, page); // warm-up, not counted
    for (let i = 0; i < COLD_RUNS; i++) {
      const r = await floorStart(true, server, page);
      floor.push(r.ms);
      log(`floor run ${i + 1}: ${r.ms.toFixed(1)} ms (MiniBrowser, blank page)`);
    }
  } catch (e) {
    floorNote = ` The floor could not be measured: ${String(e.message).split('\n')[0]}.`;
    log(`floor not measured: ${e.message}`);
  } finally {
    server.close();
    rmSync(dir, { recursive: true, force: true });
  }

  const s = stats(cold);
  const w = warm.length ? stats(warm) : { median: null, p95: null };
  const f = floor.length ? stats(floor) : null;
  const result = {
    id: 'app-cold-start',
    title: 'App cold start to first usable screen',
    target: '< 1.5 s',
    unit: 'ms',
    runs: cold.length,
    median: s.median,
    p95: s.p95,
    met: s.p95 < 1500,
    floor: f
      ? {
          what: `WebKitGTK ${webkitVersion()} MiniBrowser (same WebKitGTK, no Tauri, no app) from spawn to first paint of a blank page, page cache dropped before each run`,
          median: f.median,
          p95: f.p95,
        }
      : null,
    notes:
      `Release build under Xvfb 1366x768 in a D-Bus session (dbus-run-session), ${cpuInfo()}. ` +
      `Measured from just before spawning the app to the app's own probe: with ONESTOP_STARTUP_PROBE set, ` +
      `the front end calls the startup_probe command once the first screen (here the sign-in screen of a ` +
      `database of ${GENERATED} generated programs) has mounted and its frame has been painted ` +
      `(requestAnimationFrame, then a task), and Rust prints the time. Fresh process each run; ` +
      (droppedAll ? 'page cache dropped before each run (sync; echo 3 > /proc/sys/vm/drop_caches). ' : 'the page cache could NOT be dropped (not root), so runs are only partly cold. ') +
      `One launch before the runs (not counted) starts the session services a desktop already runs ` +
      `(xdg-desktop-portal, accessibility bus): ${warmup.ms.toFixed(0)} ms. ` +
      `Cold runs (ms): ${cold.map((x) => x.toFixed(0)).join(', ')}. ` +
      (coldPhases.length
        ? `Where the time goes (median over the cold runs, ms after the spawn; the page's own Navigation Timing, ` +
          `process start times at 10 ms resolution): ${showPhases(medianPhases(coldPhases))}. `
        : '') +
      `Warm runs, page cache kept (ms): ${warm.map((x) => x.toFixed(0)).join(', ')} (median ${w.median}, p95 ${w.p95}). ` +
      (f ? `Floor runs (ms): ${floor.map((x) => x.toFixed(0)).join(', ')}. ` : '') +
      `Load average before the runs: ${load}. ` +
      `p95 is the nearest rank (the slowest of ${cold.length} runs).` +
      floorNote,
  };
  writeFileSync(join(OUT, 'app-cold-start.json'), JSON.stringify(result, null, 2) + '\n');
  log(`cold start: median ${s.median} ms, p95 ${s.p95} ms; warm median ${w.median} ms; floor median ${f?.median ?? '-'} ms`);
  return result;
}

// ---- memory -----------------------------------------------------------------------------

async function startDriver(extraEnv = {}) {
  const child = spawn(DRIVER_BIN, ['--port', String(PORT), '--native-port', String(PORT + 1)], {
    env: { ...process.env, ONESTOP_DB: DB, ...extraEnv },
    stdio: ['ignore', 'ignore', 'ignore'],
  });
  const url = `http://127.0.0.1:${PORT}`;
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(`${url}/status`)).ok) return { child, url };
    } catch {
      // Not up yet.
    }
    await sleep(100);
  }
  throw new Error('tauri-driver did not start');
}

/** The programs the list shows: its `data-count`, else its rows. */
async function listedPrograms(session) {
  return session.cmd('POST', '/execute/sync', {
    script: `const l = document.querySelector('[data-testid="program-list"]');
             if (!l) return -1;
             return l.dataset.count !== undefined ? Number(l.dataset.count) : l.querySelectorAll('[data-program]').length;`,
    args: [],
  });
}

async function waitListed(session, want, timeout = 120000) {
  const end = Date.now() + timeout;
  let n = -1;
  while (Date.now() < end) {
    n = await listedPrograms(session);
    if (want(n)) return n;
    await sleep(100);
  }
  throw new Error(`the program list shows ${n} programs`);
}

/** Wait for two painted frames, so that what the DOM holds is on screen. */
async function painted(session) {
  await session.cmd('POST', '/execute/async', {
    script: 'const done = arguments[arguments.length - 1]; requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(done, 0)));',
    args: [],
  });
}

function findApp(driverPid) {
  const all = procs();
  const app = tree(driverPid, all).find((p) => {
    try {
      return readlinkSync(`/proc/${p.pid}/exe`) === APP;
    } catch {
      return false;
    }
  });
  if (!app) throw new Error('the app process was not found under tauri-driver');
  return app.pid;
}

/** One run: a fresh app through tauri-driver, its memory at the sign-in screen and with every
 *  program listed. */
async function memoryRun(driver, label) {
  const session = await Session.start(driver.url, APP);
  try {
    await session.waitFor('[data-testid="signin-form"]', { timeout: 60000 });
    await sleep(2000);
    const appPid = findApp(driver.child.pid);
    const atSignIn = treeMemory(appPid);

    await session.click(`[data-testid="signin-staff-${LOGIN}"]`);
    await session.type('[data-testid="signin-pin"]', `${PIN}\uE007`);
    await session.waitFor('[data-testid="signed-in"]', { timeout: 60000 });
    await session.waitFor('[data-testid="today-closing"]', { timeout: 60000 });

    const t0 = Date.now();
    await session.click('[data-nav="catalogue"]');
    const active = await waitListed(session, (n) => n === ACTIVE);
    await painted(session);
    const openMs = Date.now() - t0;

    // Retired programs too: every program of the database is in the list.
    const t1 = Date.now();
    await session.click('[data-testid="with-retired"]');
    const all = await waitListed(session, (n) => n >= GENERATED);
    await painted(session);
    const allMs = Date.now() - t1;
    await sleep(2000);
    const loaded = treeMemory(appPid);
    const rows = await session.cmd('POST', '/execute/sync', {
      script: 'return document.querySelectorAll(\'[data-testid="program-list"] li\').length;',
      args: [],
    });
    log(
      `${label}: ${all} programs listed (${rows} rows in the DOM): PSS ${loaded.pss} MB, RSS ${loaded.rss} MB ` +
        `[${loaded.members.map((m) => `${m.name} ${m.pss}/${m.rss}`).join(', ')}]; ` +
        `at sign-in PSS ${atSignIn.pss} MB, RSS ${atSignIn.rss} MB; ` +
        `catalogue opened with ${active} programs in ${openMs} ms, all ${all} in ${allMs} ms`,
    );
    return { atSignIn, loaded, active, all, rows, openMs, allMs };
  } finally {
    await session.close();
    await sleep(1000);
  }
}

/** PSS of WebKitGTK's MiniBrowser showing a blank page, 2 s after it painted (MB). */
async function blankWebviewMemory() {
  const dir = mkdtempSync(join(tmpdir(), 'onestop-floor-'));
  let signal;
  const painted = new Promise((r) => (signal = r));
  const server = createServer((req, res) => {
    if (req.url === '/ready') signal();
    res.writeHead(204);
    res.end();
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const page = join(dir, 'blank.html');
  writeFileSync(page, blankPage(server.address().port));
  const child = spawn(MINIBROWSER, [`file://${page}`], { stdio: 'ignore' });
  child.on('error', () => signal());
  try {
    await Promise.race([painted, sleep(60000)]);
    await sleep(2000);
    return treeMemory(child.pid);
  } finally {
    await stopTree(child.pid);
    server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function memory() {
  log('== memory');
  const load = loadAverage();
  const runs = [];
  let driver = await startDriver();
  try {
    for (let i = 0; i < MEM_RUNS; i++) runs.push(await memoryRun(driver, `memory run ${i + 1}`));
  } finally {
    await stopTree(driver.child.pid);
  }
  let blank = null;
  try {
    blank = await blankWebviewMemory();
    log(`WebKitGTK MiniBrowser, blank page: PSS ${blank.pss} MB, RSS ${blank.rss} MB`);
  } catch (e) {
    log(`MiniBrowser not measured: ${e.message}`);
  }
  // For the notes: how much of it is the compositing WebKit does with OpenGL, here Mesa's
  // software renderer (llvmpipe) since Xvfb has no GPU.
  let noGl = null;
  driver = await startDriver({ WEBKIT_DISABLE_COMPOSITING_MODE: '1' });
  try {
    noGl = await memoryRun(driver, 'diagnostic run with WEBKIT_DISABLE_COMPOSITING_MODE=1 (not counted)');
  } catch (e) {
    log(`diagnostic run failed: ${e.message}`);
  } finally {
    await stopTree(driver.child.pid);
  }

  const pss = stats(runs.map((r) => r.loaded.pss));
  const rss = stats(runs.map((r) => r.loaded.rss));
  const floorPss = stats(runs.map((r) => r.atSignIn.pss));
  const last = runs[runs.length - 1];
  const perProcess = (m) => m.members.map((p) => `${p.name} ${p.pss}/${p.rss}`).join(', ');
  const result = {
    id: 'app-memory',
    title: `Memory of app + webview with ${GENERATED} programs loaded`,
    target: '< 200 MB',
    unit: 'MB',
    runs: runs.length,
    median: pss.median,
    p95: pss.p95,
    met: pss.p95 < 200,
    floor: {
      what: 'the same app and webview at the sign-in screen, nothing loaded (PSS, same runs)',
      median: floorPss.median,
      p95: floorPss.p95,
    },
    notes:
      `PSS summed over the app process and every process below it (WebKitWebProcess, WebKitNetworkProcess), ` +
      `from /proc/PID/smaps_rollup, MB = 1024 kB. Release build under Xvfb, started by tauri-driver ` +
      `(WebKitWebDriver) for automation. Each run: fresh app, sign in, open Programs (${last.active} programs ` +
      `not retired), tick "include retired" so that all ${last.all} programs of the database (${GENERATED} generated + ` +
      `the bundled ones) are listed, wait 2 s, read /proc. ` +
      `PSS per run (MB): ${runs.map((r) => r.loaded.pss).join(', ')}. ` +
      `RSS (shared pages counted in each process) per run (MB): ${runs.map((r) => r.loaded.rss).join(', ')} (median ${rss.median}, p95 ${rss.p95}). ` +
      `Per process, last run, PSS/RSS MB: ${perProcess(last.loaded)}; at sign-in: ${perProcess(last.atSignIn)}. ` +
      `Rows in the DOM: ${last.rows}. Time to open Programs (${last.active}): ${runs.map((r) => r.openMs).join(', ')} ms; ` +
      `to list all ${last.all}: ${runs.map((r) => r.allMs).join(', ')} ms. ` +
      (noGl
        ? `Diagnostic run (not counted) with WEBKIT_DISABLE_COMPOSITING_MODE=1, i.e. without WebKit's OpenGL ` +
          `compositing, which under Xvfb runs on Mesa's software renderer (llvmpipe): PSS ${noGl.loaded.pss} MB ` +
          `(${noGl.atSignIn.pss} MB at sign-in). `
        : '') +
      (blank
        ? `For comparison, WebKitGTK's MiniBrowser (no Tauri, no app) showing a blank page: PSS ${blank.pss} MB, ` +
          `RSS ${blank.rss} MB (${blank.members.map((p) => `${p.name} ${p.pss}`).join(', ')}). `
        : '') +
      `Load average before the runs: ${load}. ` +
      `p95 is the nearest rank (the largest of ${runs.length} runs).`,
  };
  writeFileSync(join(OUT, 'app-memory.json'), JSON.stringify(result, null, 2) + '\n');
  log(`memory: PSS median ${pss.median} MB, p95 ${pss.p95} MB; RSS median ${rss.median} MB`);
  return result;
}

function loadAverage() {
  try {
    return readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  } catch {
    return 'unknown';
  }
}

function webkitVersion() {
  try {
    return execFileSync('pkg-config', ['--modversion', 'webkit2gtk-4.1']).toString().trim();
  } catch {
    return '';
  }
}

function cpuInfo() {
  try {
    const text = readFileSync('/proc/cpuinfo', 'utf8');
    const model = /^model name\s*:\s*(.*)$/m.exec(text)?.[1] ?? 'unknown CPU';
    const n = (text.match(/^processor\s*:/gm) ?? []).length;
    return `${n} cores (${model})`;
  } catch {
    return 'unknown CPU';
  }
}

const only = env('BENCH_ONLY', '');
if (only !== 'memory') await coldStart();
if (only !== 'cold') await memory();
