// The installed package: its libraries are covered by its Depends, and the app installed in
// /usr/bin starts on an empty home folder, shows its first-run screen, sets a desk up and keeps
// the data in the per-user data folder under the app's identifier. Run by tests/package/run.sh,
// which installs the package, starts the display, D-Bus and tauri-driver, and empties HOME.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, realpathSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Session } from '../e2e/webdriver.mjs';

const DRIVER = process.env.WEBDRIVER_URL ?? 'http://127.0.0.1:4444';
const APP = process.env.ONESTOP_APP;
const PACKAGE = process.env.DEB_PACKAGE;
const SHOTS = process.env.SCREENSHOT_DIR ?? 'target/package-screenshots';
const DATA_HOME = process.env.XDG_DATA_HOME;
assert.ok(APP && PACKAGE && DATA_HOME, 'ONESTOP_APP, DEB_PACKAGE and XDG_DATA_HOME must be set (tests/package/run.sh)');
mkdirSync(SHOTS, { recursive: true });

const MANAGER = { login: 'park', name: '박창구', pin: '582914' };
const DESK_PASSPHRASE = '성수동 창구 데스크 설치 시험 암호';

const sh = (cmd, args) => execFileSync(cmd, args, { encoding: 'utf8' });

/** An installed package's dependency names (alternatives included; versions and arch dropped). */
function dependsOf(pkg) {
  const text = sh('dpkg-query', ['-W', '-f=${Depends}, ${Pre-Depends}', pkg]);
  return text
    .split(/[,|]/)
    .map((d) => d.trim().split(/[\s(:]/)[0])
    .filter(Boolean);
}

/** Which installed packages provide which virtual names. */
function providers() {
  const map = new Map();
  for (const line of sh('dpkg-query', ['-W', '-f=${Package}\t${Provides}\t${db:Status-Status}\n']).split('\n')) {
    const [pkg, provides, status] = line.split('\t');
    if (status !== 'installed') continue;
    for (const name of [pkg, ...(provides ?? '').split(',').map((p) => p.trim().split(/[\s(:]/)[0])]) {
      if (!name) continue;
      if (!map.has(name)) map.set(name, []);
      map.get(name).push(pkg);
    }
  }
  return map;
}

/** The package that installed a file (trying the path as given and as resolved: merged /usr). */
function ownerOf(path) {
  const candidates = new Set([path, realpathSync(path)]);
  for (const p of [...candidates]) {
    if (p.startsWith('/usr/lib/')) candidates.add(p.slice(4));
    else if (p.startsWith('/lib/')) candidates.add(`/usr${p}`);
  }
  for (const p of candidates) {
    try {
      return sh('dpkg-query', ['-S', p]).split(':')[0].trim();
    } catch {
      // Not this spelling of the path: try the next.
    }
  }
  throw new Error(`no installed package owns ${path}`);
}

let session;
after(async () => session?.close());

async function shot(name) {
  await session.cmd('POST', '/execute/async', {
    script: 'const done = arguments[arguments.length - 1]; requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(done, 100)));',
    args: [],
  });
  const png = await session.screenshot();
  assert.ok(png.length > 5000, `screenshot ${name} is suspiciously small`);
  writeFileSync(join(SHOTS, `${name}.png`), png);
}

test('every library the installed app links comes from a package its Depends pull in', () => {
  // The libraries the binary names itself (NEEDED) and where the loader finds them.
  const needed = sh('readelf', ['-d', APP])
    .split('\n')
    .map((l) => /Shared library: \[(.+)\]/.exec(l)?.[1])
    .filter(Boolean);
  assert.ok(needed.includes('libwebkit2gtk-4.1.so.0'), `links WebKitGTK 4.1: ${needed.join(' ')}`);
  const found = new Map();
  for (const line of sh('ldd', [APP]).split('\n')) {
    // "libfoo.so.1 => /usr/lib/…/libfoo.so.1 (0x…)", or the loader by its path alone.
    const m = /^\s*(\S+) => (\/\S+)/.exec(line) ?? /^\s*(\/\S+) \(0x/.exec(line);
    if (m) found.set(m[2] ? m[1] : m[1].split('/').pop(), m[2] ?? m[1]);
  }
  // Everything reachable from the package's Depends, through installed packages' own Depends.
  const provided = providers();
  const reachable = new Set();
  const queue = dependsOf(PACKAGE);
  while (queue.length) {
    const name = queue.shift();
    for (const pkg of provided.get(name) ?? []) {
      if (reachable.has(pkg)) continue;
      reachable.add(pkg);
      queue.push(...dependsOf(pkg));
    }
  }
  const missing = [];
  for (const lib of needed) {
    const path = found.get(lib);
    assert.ok(path, `the loader does not find ${lib}`);
    const owner = ownerOf(path);
    if (!reachable.has(owner)) missing.push(`${lib} (${owner})`);
  }
  assert.deepEqual(missing, [], `libraries whose packages the Depends do not pull in: ${missing.join(', ')}`);
});

test('the installed app starts on its first-run screen and keeps its data in the user data folder', async (t) => {
  session = await Session.start(DRIVER, APP);

  await t.test('first run: an empty desk asks for its first manager', async () => {
    await session.waitFor('[data-testid="setup-form"]', { timeout: 30000 });
    assert.ok(!(await session.exists('[data-nav="today"]')), 'nothing of the desk shows before set-up');
    // Hangul renders (a page without its charset or fonts shows mojibake or boxes).
    const intro = await session.text('[data-testid="setup-form"] h1');
    assert.match(intro, /[가-힣]/, intro);
    await shot('00-installed-first-run');
  });

  await t.test('set-up opens the desk, with its data under the app identifier', async () => {
    await session.type('[data-testid="setup-login"]', MANAGER.login);
    await session.type('[data-testid="setup-name"]', MANAGER.name);
    await session.type('[data-testid="setup-pin"]', MANAGER.pin);
    await session.type('[data-testid="setup-pin2"]', MANAGER.pin);
    // This D-Bus session has no keystore: the desk asks for a passphrase.
    await session.waitFor('[data-testid="setup-passphrase-note"]');
    await session.type('[data-testid="setup-passphrase"]', DESK_PASSPHRASE);
    await session.type('[data-testid="setup-passphrase2"]', DESK_PASSPHRASE);
    await session.click('[data-testid="setup-submit"]');
    await session.waitFor('[data-testid="recovery-code"]', { timeout: 30000 });
    await session.click('[data-testid="recovery-done"]');
    await session.waitFor('[data-testid="signed-in"]', { text: MANAGER.name });

    // A release build: the real data folder (not the development one), shown in Settings.
    const expected = join(DATA_HOME, 'kr.onestop.desk', 'onestop.sqlite3');
    await session.click('[data-nav="settings"]');
    await session.waitFor('[data-testid="data-file"]', { text: expected });
    assert.equal(await session.text('[data-testid="data-file"]'), expected);
    assert.ok(existsSync(expected), `${expected} exists`);
    assert.ok(!existsSync(join(DATA_HOME, 'kr.onestop.desk.dev')), 'no development data folder');
    assert.equal(statSync(expected).mode & 0o777, 0o600, 'the database is readable by its user alone');
    await shot('01-installed-settings');
  });
});
