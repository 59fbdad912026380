// End-to-end: the real built app, driven through tauri-driver and WebKitWebDriver under Xvfb.
// Run by tests/e2e/run.sh, which starts the display, the driver and an empty database.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Session } from './webdriver.mjs';

const DRIVER = process.env.WEBDRIVER_URL ?? 'http://127.0.0.1:4444';
const APP = process.env.ONESTOP_APP;
const SHOTS = process.env.SCREENSHOT_DIR ?? 'target/e2e-screenshots';
assert.ok(APP, 'ONESTOP_APP must name the built app binary');
mkdirSync(SHOTS, { recursive: true });

let session;
after(async () => session?.close());

async function shot(name) {
  // Let the webview paint what the DOM already shows before capturing it.
  await session.cmd('POST', '/execute/async', {
    script: 'const done = arguments[arguments.length - 1]; requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(done, 100)));',
    args: [],
  });
  const png = await session.screenshot();
  assert.ok(png.length > 5000, `screenshot ${name} is suspiciously small`);
  writeFileSync(join(SHOTS, `${name}.png`), png);
}

const NOTES = '임대차 분쟁으로 법률 상담 연계 요청 (e2e)';

test('intake, matches, answering a missing fact, consultation, search, restart', async (t) => {
  session = await Session.start(DRIVER, APP);

  await t.test('Today is the first screen', async () => {
    await session.waitFor('[data-testid="search"]');
    await session.waitFor('[data-testid="today-closing"]');
    await shot('01-today');
  });

  await t.test('merchant intake validates as you type', async () => {
    await session.click('[data-nav="merchant"]');
    await session.type('input[name="name"]', 'e2e 화양 커피');
    await session.type('input[name="business_registration_number"]', '220-81-62518');
    await session.waitFor('[data-error-for="business_registration_number"]', { text: 'check digit' });
    await shot('02-intake-error');
    await session.type('input[name="business_registration_number"]', '220-81-62517');
    await session.type('input[name="city"]', '서울');
    await session.set('select[name="district"]', '광진구');
    await session.type('input[name="ksic_code"]', '56221');
    await session.set('input[name="founded_on"]', '2021-03-02');
    await session.set('select[name="business_status"]', 'operating');
    await session.set('select[name="nonprofit"]', 'false');
    // The error clears once the number is right.
    const end = Date.now() + 5000;
    while ((await session.text('[data-error-for="business_registration_number"]')) !== '' && Date.now() < end) {
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.equal(await session.text('[data-error-for="business_registration_number"]'), '');
    await shot('03-intake');
    await session.click('[data-testid="save-merchant"]');
  });

  await t.test('matches show needs-information with the question to ask', async () => {
    await session.waitFor('form[data-fact="full_time_workers"]');
    assert.ok(await session.exists('[data-verdict="unknown"] [data-program="gwangjin-onestop-legal-advice"]'));
    await shot('04-matches');
  });

  await t.test('answering the missing fact changes the verdict', async () => {
    await session.type('form[data-fact="full_time_workers"] input', '3');
    await session.click('form[data-fact="full_time_workers"] button[type="submit"]');
    await session.waitFor('[data-verdict="eligible"] [data-program="gwangjin-onestop-legal-advice"]');
    assert.ok(!(await session.exists('form[data-fact="full_time_workers"]')));
    await session.click('[data-verdict="eligible"] [data-program="gwangjin-onestop-legal-advice"] button');
    await session.waitFor('ul.reasons', { text: '003_7d6cf872d2ab8735.txt' });
    await shot('05-matches-answered');
  });

  await t.test('record a consultation', async () => {
    await session.click('[data-tab="consult"]');
    await session.type('input[name="counselor"]', '김상담');
    await session.type('textarea[name="notes"]', NOTES);
    await session.click('input[type="checkbox"][value="gwangjin-onestop-legal-advice"]');
    await session.click('[data-testid="save-consultation"]');
    await session.waitFor('[data-testid="consult-saved"]');
    await session.waitFor('[data-testid="history"] article', { text: '임대차 분쟁' });
    await shot('06-consultation');
  });

  await t.test('print the consultation summary without internal notes', async () => {
    await session.click('[data-testid="history"] [data-testid="print"]');
    const path = (await session.text('[data-testid="printed"] code')).trim();
    assert.ok(path.endsWith('.pdf') && existsSync(path), path);
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', path, '-']).toString();
    assert.ok(text.includes('e2e 화양 커피') && text.includes('광진구 소상공인 원스톱센터 법률 상담'), text);
    assert.ok(!text.includes('임대차 분쟁'), 'internal notes must be left out');
    await shot('06b-printed');
  });

  await t.test('find it again through search', async () => {
    await session.click('[data-nav="today"]');
    await session.type('[data-testid="search"]', '임대차');
    await session.waitFor('[data-testid="search-results"] button[data-kind="consultation"]');
    await shot('07-search');
  });

  await t.test('catalogue and settings screens', async () => {
    await session.click('[data-nav="catalogue"]');
    await session.click('[data-program="jongno-2022h2-sme-fund-loan"]');
    await session.waitFor('[data-testid="program-detail"]', { text: '우리은행' });
    await session.waitFor('[data-testid="window-status"]', { text: '마감' });
    await shot('08-catalogue');
    await session.click('[data-nav="reports"]');
    await session.click('[data-testid="make-report"]');
    const files = await session.text('[data-testid="report-files"]');
    const pdf = files.match(/\S+\.pdf/)[0];
    assert.ok(existsSync(pdf), pdf);
    assert.ok(execFileSync('pdftotext', ['-enc', 'UTF-8', pdf, '-']).toString().includes('상담 실적 보고'));
    await shot('09a-reports');
    // The window may call the app's own commands and nothing else: a core plugin command it was
    // not granted is refused by Tauri's access control.
    const refused = await session.cmd('POST', '/execute/async', {
      script: `const done = arguments[arguments.length - 1];
               window.__TAURI_INTERNALS__.invoke('plugin:event|listen', { event: 'x', target: { kind: 'Any' }, handler: 0 })
                 .then(() => done('allowed'), (e) => done(String(e)));`,
      args: [],
    });
    assert.match(refused, /not allowed/, refused);
    await session.click('[data-nav="settings"]');
    await session.waitFor('[data-testid="data-file"]', { text: 'sqlite3' });
    await shot('09-settings');
  });

  await t.test('catalogue: create with the criteria editor, edit, history, retire', async () => {
    await session.click('[data-nav="catalogue"]');
    await session.click('[data-testid="new-program"]');
    await session.type('input[name="id"]', 'e2e-market-signage');
    await session.type('input[name="name_ko"]', 'e2e 간판 개선 지원');
    await session.type('input[name="name_en"]', 'e2e signage renewal');
    await session.type('input[name="provider_ko"]', '광진구');
    await session.click('input[data-kind="grant"]');
    await session.type('input[name="source_file"]', '광진구 공고 제2026-100호');
    await session.click('[data-testid="add-criterion"]');
    await session.set('li[data-criterion="0"] select', 'headcount');
    await session.set('li[data-criterion="0"] input[type="number"]', '9');
    // The Rust rule names the criterion; the row is marked.
    await session.waitFor('[data-testid="program-problem"]', { text: 'criteria[0].max_exclusive' });
    assert.ok(await session.exists('li.bad[data-criterion="0"]'));
    await shot('11-program-editor-error');
    await session.set('li[data-criterion="0"] input[type="number"]', '1');
    await session.click('[data-testid="save-program"]');
    await session.waitFor('[data-testid="program-origin"]', { text: '직접 등록' });
    await session.click('[data-testid="edit-program"]');
    await session.type('input[name="closes_on"]', '2026-12-31');
    await session.click('[data-testid="save-program"]');
    await session.click('[data-testid="program-history-toggle"]');
    await session.waitFor('[data-testid="program-history"]', { text: 'window.closes_on' });
    await shot('12-program-history');
    await session.click('[data-testid="retire-program"]');
    await session.waitFor('[data-testid="retired-badge"]');
    assert.ok(!(await session.exists('[data-testid="program-list"] [data-program="e2e-market-signage"]')));
  });

  await t.test('catalogue: import the Bizinfo feed over HTTP with progress', async () => {
    const here = dirname(fileURLToPath(import.meta.url));
    const sample = JSON.parse(readFileSync(join(here, '../../../shared/data/bizinfo-api-sample.json'), 'utf8'));
    const items = sample.jsonArray.map((i) => ({ ...i, totCnt: sample.jsonArray.length }));
    let requests = 0;
    const server = createServer((req, res) => {
      requests += 1;
      const key = new URL(req.url, 'http://x').searchParams.get('crtfcKey');
      // The first request is refused as the real service does on bursts: the app retries.
      if (requests === 1 || key !== 'E2E-KEY') {
        res.writeHead(401).end();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json;charset=UTF-8' });
      res.end(JSON.stringify({ jsonArray: items }));
    });
    await new Promise((r) => server.listen(0, '127.0.0.1', r));
    try {
      const url = `http://127.0.0.1:${server.address().port}/uss/rss/bizinfoApi.do`;
      await session.click('[data-testid="toggle-import"]');
      await session.type('input[name="feed_url"]', url);
      await session.type('input[name="feed_key"]', 'E2E-KEY');
      await session.click('[data-testid="fetch-feed"]');
      // Progress arrives over the IPC channel while the app waits to retry.
      await session.waitFor('[data-testid="import-progress"]', { text: '401' });
      await shot('13-import-progress');
      await session.waitFor('[data-testid="import-summary"]', { text: '새로 5건', timeout: 20000 });
      assert.equal(requests, 2);
      await session.click('[data-program="bizinfo-pbln-000000000127023"]');
      await session.waitFor('[data-testid="program-origin"]', { text: '기업마당' });
      await session.click('[data-testid="edit-program"]');
      await session.waitFor('[data-testid="locked-note"]');
      await shot('14-imported-program-edit');
    } finally {
      server.close();
    }
  });

  await t.test('restart the app: the consultation is still there', async () => {
    await session.close();
    session = await Session.start(DRIVER, APP);
    await session.type('[data-testid="search"]', '임대차 분쟁');
    await session.click('[data-testid="search-results"] button[data-kind="consultation"]');
    await session.waitFor('[data-testid="history"] article', { text: NOTES });
    await shot('10-after-restart');
  });
});
