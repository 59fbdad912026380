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

/** Scroll `css`'s element into view (its top at the window's top, or centred), for a shot of it. */
async function scrollTo(css, block = 'start') {
  await session.waitFor(css);
  await session.cmd('POST', '/execute/sync', {
    script: 'document.querySelector(arguments[0]).scrollIntoView({ block: arguments[1] });',
    args: [css, block],
  });
}

const NOTES = '임대차 분쟁으로 법률 상담 연계 요청 (e2e)';
const MANAGER = { login: 'kim', name: '김관리', pin: '482913' };
const DESK_PASSPHRASE = '광진구 원스톱 센터 데스크 암호';
const STAFF = { login: 'lee', name: '이상담', pin: '739215' };
// run.sh sets the idle lock short enough to test and long enough for the other steps.
const IDLE_SECS = Number(process.env.ONESTOP_IDLE_LOCK_SECS ?? 600);
const CONSENT_FORM = '개인정보 수집·이용 동의서';

function localToday() {
  const d = new Date();
  const p = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

/** On the sign-in screen: pick the member, type the PIN (and the desk passphrase when the
 * screen asks for it: after a restart), press Enter. */
async function signIn({ login, pin }) {
  await session.waitFor('[data-testid="signin-form"]');
  await session.click(`[data-testid="signin-staff-${login}"]`);
  if (await session.exists('[data-testid="signin-passphrase"]')) {
    await session.type('[data-testid="signin-passphrase"]', DESK_PASSPHRASE);
  }
  await session.type('[data-testid="signin-pin"]', `${pin}\uE007`);
}

async function signInAs(member) {
  await signIn(member);
  await session.waitFor('[data-testid="signed-in"]', { text: member.name });
}

/** An element's DOM property (an input's `value`, a select's chosen `value`). */
async function prop(css, name) {
  return session.cmd('GET', `/element/${await session.waitFor(css)}/property/${name}`);
}

/** What a screen says to the person: every text node on its own line, the values in its fields
 *  and the words of every choice of its lists (chosen or not), and how many of the webview's own
 *  date fields it has (those draw dates in the process locale's order: 12/04/2026). Text inside
 *  `code` is left out: there the screens show record ids and file paths on purpose. */
async function screenWords(scope = '[data-testid="shell"]') {
  return session.cmd('POST', '/execute/sync', {
    script: `const root = document.querySelector(arguments[0]);
             const lines = [];
             const walk = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
             for (let n = walk.nextNode(); n; n = walk.nextNode()) {
               if (n.parentElement.closest('code, script, style')) continue;
               const s = n.nodeValue.trim();
               if (s) lines.push(s);
             }
             for (const el of root.querySelectorAll('input, textarea')) {
               if (!['checkbox', 'radio', 'password', 'hidden', 'file'].includes(el.type) && el.value) lines.push(el.value);
             }
             const native = root.querySelectorAll(
               'input[type="date"], input[type="datetime-local"], input[type="time"], input[type="month"], input[type="week"]').length;
             return { text: lines.join('\\n'), native };`,
    args: [scope],
  });
}

// What the Korean interface must not show (task: Korean everywhere):
// - a referral status as the Rust enum spells it;
const RAW_STATUS = /\b(proposed|referred|accepted|completed|declined)\b/gi;
// - a date in US order, as WebKitGTK's date fields draw them under an English locale;
const US_DATE = /\b\d{1,2}\/\d{1,2}\/\d{4}\b/g;
// - a program id (slug) where its name belongs. Ids look like words joined by hyphens
//   (gwangjin-onestop-legal-advice, jongno-2022h2-sme-fund-loan, bizinfo-pbln-000000000127023):
//   three parts or more with a letter among them. Digits-only runs are legitimate (dates
//   2026-04-12, phones 02-450-1234, registration numbers 220-81-62517), and so are UUIDs (record
//   ids), addresses and paths, taken out first; ids and paths the screens show on purpose sit in
//   `code` and are not read at all. Two-part ids (kstartup-177186) are caught by the exact list
//   of the desk's program ids, read once from the app.
const SLUG = /\b(?=[a-z0-9-]*[a-z])[a-z0-9]+(?:-[a-z0-9]+){2,}\b/g;
const LEGIT = [
  /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, // UUIDs
  /\b[a-z][a-z0-9+.-]*:\/\/\S+/gi, // addresses (http://127.0.0.1:…)
  /(?:^|\s)\/\S+/g, // absolute paths
  /\S+@\S+\.\S+/g, // e-mail addresses
];
// - an audit line's detail as the Rust side stores it (English): checked in the audit table only,
//   where the details are (elsewhere, words like "changed" are no sign of an audit detail).
const AUDIT_ENGLISH =
  /\b(created|updated|edited|version \d+|version received|consent (recorded|withdrawn)|personal data export|erased (on request|on another desk|again)|likely duplicate|all versions|summary PDF|period report PDF|search: |sync conflicts: |list of \d+|\d+ consultation\(s\)|changed|marked seen|imported: |received by sync|updated by sync|catalogue published|set up the desk|recovered the desk|added|new PIN|disabled|re-keyed|restored from backup|desk signed in|desk pointed|role (manager|staff)|failed: |prospects: |new program\(s\)|calls CSV|merchant\(s\)|retired|brought back)\b/g;

let programIdList = null;
/** Every program id of the desk, retired ones too (read once, through the app's own command). */
async function programIds() {
  programIdList ??= await session.cmd('POST', '/execute/async', {
    script: `const done = arguments[arguments.length - 1];
             window.__TAURI_INTERNALS__.invoke('list_programs', { filter: { kind: null, stage: null, provider: null,
               open_on: null, include_retired: true, origin: null } })
               .then((l) => done(l.map((p) => p.id)), (e) => done({ error: String(e) }));`,
    args: [],
  });
  assert.ok(Array.isArray(programIdList) && programIdList.length > 50, JSON.stringify(programIdList).slice(0, 200));
  return programIdList;
}

/** Put `html` at the end of `css`'s element for a moment (to see a check fail), and take it out. */
async function planted(css, html, run) {
  const add = `const el = document.createElement(arguments[2]); el.id = 'e2e-planted'; el.innerHTML = arguments[1];
               document.querySelector(arguments[0]).appendChild(el);`;
  await session.cmd('POST', '/execute/sync', { script: add, args: [css, html, css.includes('audit-log') ? 'tbody' : 'div'] });
  try {
    return await run();
  } finally {
    await session.cmd('POST', '/execute/sync', { script: "document.getElementById('e2e-planted')?.remove();", args: [] });
  }
}

/** Fail with the screen's offending words, each in its line. */
async function assertKorean(name, { audit = false, scope } = {}) {
  const { text, native } = await screenWords(scope);
  assert.equal(native, 0, `${name}: a date field drawn by the webview (process locale order)`);
  const lines = text.split('\n');
  const where = (re) => lines.filter((l) => new RegExp(re.source, re.flags.replace('g', '')).test(l));
  let cleaned = text;
  for (const re of LEGIT) cleaned = cleaned.replace(re, ' ');
  const problems = [];
  if (text.match(RAW_STATUS)) problems.push(`raw referral status: ${where(RAW_STATUS).join(' | ')}`);
  if (text.match(US_DATE)) problems.push(`US-ordered date: ${where(US_DATE).join(' | ')}`);
  const slugs = cleaned.match(SLUG) ?? [];
  const escaped = (id) => id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const ids = (await programIds()).filter((id) => new RegExp(`(^|[^a-z0-9-])${escaped(id)}($|[^a-z0-9-])`).test(cleaned));
  if (slugs.length || ids.length) problems.push(`program ids: ${[...new Set([...slugs, ...ids])].join(', ')}`);
  if (audit) {
    const table = await screenWords('[data-testid="audit-log"]');
    const english = table.text.match(AUDIT_ENGLISH);
    if (english) problems.push(`English audit details: ${[...new Set(english)].join(', ')}`);
  }
  assert.deepEqual(problems, [], `${name} is not all Korean`);
  assert.ok(/[가-힣]/.test(text), `${name}: no Korean text read`);
  return text;
}

async function openMerchantFromSearch(query) {
  await session.click('[data-nav="today"]');
  await session.type('[data-testid="search"]', query);
  await session.click('[data-testid="search-results"] button[data-kind="merchant"]');
  await session.click('[data-tab="facts"]');
  await session.waitFor('[data-testid="data-requests"]');
}

test('set-up, intake with consent, matches, consultation, privacy, staff, locks, restart', async (t) => {
  session = await Session.start(DRIVER, APP);

  await t.test('first run: the empty desk asks for its first manager', async () => {
    await session.waitFor('[data-testid="setup-form"]');
    assert.ok(!(await session.exists('[data-nav="today"]')), 'nothing of the desk shows before set-up');
    await shot('00-first-run');
    await session.type('[data-testid="setup-login"]', MANAGER.login);
    await session.type('[data-testid="setup-name"]', MANAGER.name);
    await session.type('[data-testid="setup-pin"]', MANAGER.pin);
    await session.type('[data-testid="setup-pin2"]', MANAGER.pin);
    // run.sh gives the app no OS keystore: the desk asks for a passphrase instead.
    await session.waitFor('[data-testid="setup-passphrase-note"]', { text: '키 저장소' });
    await session.type('[data-testid="setup-passphrase"]', DESK_PASSPHRASE);
    await session.type('[data-testid="setup-passphrase2"]', DESK_PASSPHRASE);
    await shot('00b-first-run-passphrase');
    await session.click('[data-testid="setup-submit"]');
    // The recovery code, shown once, before the desk opens.
    const code = await session.text('[data-testid="recovery-code"]');
    assert.match(code, /^[0-9A-Z]{4}(-[0-9A-Z]{4}){7}$/, code);
    await shot('00c-recovery-code');
    await session.click('[data-testid="recovery-done"]');
    await session.waitFor('[data-testid="signed-in"]', { text: MANAGER.name });
  });

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
    // A phone number is personal information: the form asks for the signed consent.
    await session.type('input[name="phone"]', '02-450-1234');
    await session.waitFor('[data-testid="consent-needed"]');
    await session.waitFor('[data-consent-hint="phone"]');
    await shot('03a-consent-needed');
    await session.click('[data-testid="consent-given"]');
    assert.equal(await session.cmd('GET', `/element/${await session.find('[data-testid="consent-date"]')}/property/value`), localToday());
    assert.ok(!(await session.exists('[data-testid="consent-needed"]')));
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
    // The form's dates are text in YYYY-MM-DD, whatever the process locale.
    assert.match(await prop('input[name="at"]', 'value'), /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
    await session.click('[data-testid="add-referral"]');
    await session.type('[data-testid="form-referrals"] input[name="referral_institution"]', '광진구 법률상담실');
    await session.set('[data-testid="form-referrals"] select[name="referral_program"]', 'gwangjin-onestop-legal-advice');
    await session.click('[data-testid="add-follow-up"]');
    assert.equal(await prop('input[name="follow_up_due"]', 'value'), localToday());
    await session.set('input[name="follow_up_due"]', '12/04/2026');
    await session.waitFor('[data-date-error="follow_up_due"]', { text: 'YYYY-MM-DD 형식으로 입력하세요' });
    await scrollTo('[data-date-error="follow_up_due"]', 'center');
    await shot('06-consultation-date-error');
    await session.set('input[name="follow_up_due"]', localToday().replaceAll('-', '.'));
    assert.equal(await prop('input[name="follow_up_due"]', 'value'), localToday());
    assert.ok(!(await session.exists('[data-date-error="follow_up_due"]')));
    await session.type('input[name="follow_up_action"]', '법률상담실 예약 결과 확인 전화');
    await session.click('[data-testid="save-consultation"]');
    await session.waitFor('[data-testid="consult-saved"]');
    await session.waitFor('[data-testid="history"] article', { text: '임대차 분쟁' });
    // The history names the program and the referral's status in Korean, the due date in YYYY-MM-DD.
    await session.waitFor('[data-testid="history"] article', { text: '광진구 소상공인 원스톱센터 법률 상담' });
    await session.waitFor('[data-testid="history"] article', { text: `${localToday()} 법률상담실 예약 결과 확인 전화` });
    assert.equal(await prop('[data-testid="history"] [data-testid="referral-status"]', 'value'), 'proposed');
    await session.waitFor('[data-testid="history"] [data-testid="referral-status"] option[value="proposed"]', { text: '안내함' });
    await session.waitFor('[data-testid="history"] [data-testid="consultation-version"]', { text: '버전 1' });
    await scrollTo('[data-testid="history"]');
    await shot('06-consultation');
  });

  await t.test('edit the consultation on screen: saved as version 2, the earlier version kept', async () => {
    await session.click('[data-testid="history"] article [data-testid="edit-consultation"]');
    await session.waitFor('[data-testid="editing-note"]', { text: '버전 1 수정 중' });
    // The form holds the consultation as saved.
    assert.equal(await prop('textarea[name="notes"]', 'value'), NOTES);
    assert.equal(await prop('[data-testid="form-referrals"] input[name="referral_institution"]', 'value'), '광진구 법률상담실');
    assert.equal(await prop('[data-testid="form-referrals"] select[name="referral_status"]', 'value'), 'proposed');
    assert.equal(await prop('input[name="follow_up_due"]', 'value'), localToday());
    assert.ok(await prop('input[type="checkbox"][value="gwangjin-onestop-legal-advice"]', 'checked'));
    await session.type('input[name="outcome"]', '법률상담실 예약함 (e2e)');
    await session.set('[data-testid="form-referrals"] select[name="referral_status"]', 'referred');
    await scrollTo('[data-testid="form-referrals"]', 'center');
    await shot('06a-consultation-edit');
    await session.click('[data-testid="save-consultation"]');
    await session.waitFor('[data-testid="consult-saved"]', { text: '버전 2' });
    assert.ok(!(await session.exists('[data-testid="editing-note"]')), 'the form is back to a new consultation');
    await session.waitFor('[data-testid="history"] [data-testid="consultation-version"]', { text: '버전 2' });
    await session.waitFor('[data-testid="history"] article', { text: '법률상담실 예약함 (e2e)' });
    assert.equal(await prop('[data-testid="history"] [data-testid="referral-status"]', 'value'), 'referred');
    assert.equal((await session.cmd('POST', '/elements', { using: 'css selector', value: '[data-testid="history"] article' })).length, 1,
      'an edit is a version, not another consultation');
    await session.click('[data-testid="history"] [data-testid="show-versions"]');
    await session.waitFor('[data-testid="versions"] li[data-version="1"]', { text: '처음 저장' });
    await session.waitFor('[data-testid="versions"] li[data-version="2"]', { text: '바뀐 항목: 연계 기관, 결과' });
    await scrollTo('[data-testid="history"]');
    await shot('06a-consultation-versions');
  });

  await t.test('print the consultation summary without internal notes', async () => {
    await session.click('[data-testid="history"] [data-testid="print"]');
    const path = (await session.text('[data-testid="printed"] code')).trim();
    assert.ok(path.endsWith('.pdf') && existsSync(path), path);
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', path, '-']).toString();
    assert.ok(text.includes('e2e 화양 커피') && text.includes('광진구 소상공인 원스톱센터 법률 상담'), text);
    assert.ok(!text.includes('임대차 분쟁'), 'internal notes must be left out');
    // What the program gives and how to apply it are on the merchant's copy.
    assert.ok(text.includes('지원 내용: 소상공인 법률 상담') && text.includes('신청 방법: 방문'), text);
    await shot('06b-printed');
    // Large print: the same summary in larger type.
    await session.click('[data-testid="large-print"]');
    await new Promise((r) => setTimeout(r, 1100)); // a new file name (stamped to the second)
    await session.click('[data-testid="history"] [data-testid="print"]');
    let large = path;
    for (let i = 0; i < 50 && large === path; i++) {
      await new Promise((r) => setTimeout(r, 200));
      large = (await session.text('[data-testid="printed"] code')).trim();
    }
    assert.ok(existsSync(large) && large !== path, large);
    assert.ok(execFileSync('pdftotext', ['-enc', 'UTF-8', large, '-']).toString().includes('지원 내용: 소상공인 법률 상담'));
    await session.click('[data-testid="large-print"]');
  });

  await t.test('print the referral slip: the partner, the business, consented fields only', async () => {
    await session.click('[data-testid="history"] [data-testid="print-slip"]');
    const path = (await session.text('[data-testid="slip-printed"] code')).trim();
    assert.ok(path.endsWith('.pdf') && existsSync(path), path);
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', path, '-']).toString();
    assert.ok(text.includes('소상공인 지원 연계 의뢰서') && text.includes('광진구 법률상담실') && text.includes('e2e 화양 커피'), text);
    assert.ok(!text.includes('임대차 분쟁'), 'the counselor\'s notes stay off the slip');
    await shot('06b2-referral-slip');
  });

  await t.test('open an application from the consultation: its duties, with the source words, reach Today', async () => {
    await session.click('[data-tab="applications"]');
    await session.waitFor('[data-testid="application-form"]');
    // The program discussed is offered first, by its name; another program can be named by its id.
    assert.equal(await prop('[data-testid="application-program-choice"]', 'value'), 'gwangjin-onestop-legal-advice');
    await session.waitFor('[data-testid="application-program-choice"]', { text: '광진구 소상공인 원스톱센터 법률 상담' });
    await session.set('[data-testid="application-program-choice"]', '');
    await session.set('[data-testid="application-program"]', 'seoul-2023-employment-incentive');
    // Applied three months less three days ago: "keep the insurance 3 months after applying" is due in about 3 days.
    const d = new Date();
    d.setMonth(d.getMonth() - 3);
    d.setDate(d.getDate() + 3);
    const p = (n) => String(n).padStart(2, '0');
    const applied = `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
    await session.set('input[name="applied_on"]', applied.replaceAll('-', '.'));
    await session.type('input[name="requested"]', '300만');
    await session.click('[data-testid="application-save"]');
    await session.waitFor('[data-testid="applications"] article', { text: '2023년 서울시 소상공인 고용장려금' });
    await session.waitFor('[data-testid="application-status-label"]', { text: '신청' });
    await session.waitFor('[data-testid="applications"] article', { text: '3,000,000원' });
    await session.waitFor('[data-testid="duties"] li[data-step="0"]', { text: '고용보험을 신청 후 3개월 동안 유지' });
    await session.waitFor('[data-testid="duties"] li[data-step="1"]', { text: '채용일 후 정해짐' });
    await session.waitFor('[data-testid="duties"] li[data-step="2"]', { text: '근거: “고용보험 유지 확인: 2023. 6. 30.' });
    await scrollTo('[data-testid="applications"]');
    await shot('06c-application');
    await session.click('[data-nav="today"]');
    await session.waitFor('[data-testid="today-duties"]', { text: '고용보험을 신청 후 3개월 동안 유지' });
    await session.waitFor('[data-testid="today-duties"]', { text: 'e2e 화양 커피' });
    await shot('06d-today-duties');
    await openMerchantFromSearch('화양');
  });

  await t.test('the consent given at intake is on record and shown on the merchant', async () => {
    await session.click('[data-tab="facts"]');
    await session.waitFor('[data-testid="consent-on-record-form"]', { text: CONSENT_FORM });
    assert.equal(await session.text('[data-testid="consent-on-record-date"]'), localToday());
    assert.equal(await session.text('[data-testid="consent-on-record-by"]'), MANAGER.name);
    assert.ok(!(await session.exists('[data-testid="consent-given"]')), 'no checkbox once a consent is on record');
    await shot('06c-consent-on-record');
  });

  await t.test('export data writes everything about the merchant and shows the path', async () => {
    await session.click('[data-testid="export-merchant"]');
    const path = (await session.text('[data-testid="exported"] code')).trim();
    assert.ok(path.endsWith('.json') && existsSync(path), path);
    const x = JSON.parse(readFileSync(path, 'utf8'));
    assert.equal(x.merchant.profile.name, 'e2e 화양 커피');
    assert.equal(x.merchant.profile.phone, '02-450-1234');
    assert.equal(x.consents.length, 1);
    assert.equal(x.consultations.length, 1);
    assert.deepEqual(x.consultations[0].map((v) => v.version), [1, 2], 'every version of the consultation');
    await shot('06d-exported');
  });

  await t.test('the audit log lists who viewed and changed the merchant', async () => {
    const id = (await session.text('[data-testid="merchant-id"]')).trim();
    await session.click('[data-testid="merchant-audit"]');
    await session.waitFor(`[data-testid="audit-log"] tr[data-action="view"][data-record="${id}"]`);
    await session.waitFor(`[data-testid="audit-log"] tr[data-action="change"][data-record="${id}"]`, { text: '김관리' });
    await session.waitFor(`[data-testid="audit-log"] tr[data-action="export"][data-record="${id}"]`);
    // Filtered to the merchant: no other record's lines.
    assert.ok(!(await session.exists(`[data-testid="audit-log"] tr:not([data-record="${id}"])[data-action]`)));
    await shot('06e-audit-log');
  });

  await t.test('find it again through search', async () => {
    await session.click('[data-nav="today"]');
    await session.type('[data-testid="search"]', '임대차');
    await session.waitFor('[data-testid="search-results"] button[data-kind="consultation"]');
    await shot('07-search');
  });

  await t.test('sync: changes wait in the sidebar; the hub sign-in refuses plain http; no network loses nothing', async () => {
    await session.waitFor('[data-testid="sync-no-hub"]');
    const count = async () =>
      Number(await session.cmd('GET', `/element/${await session.find('[data-testid="sync-waiting"]')}/attribute/data-count`));
    const waiting = await count();
    assert.ok(waiting > 0, `changes waiting after the merchant steps: ${waiting}`);
    await session.click('[data-testid="sync-status"]');
    await session.waitFor('[data-testid="sync-screen-no-hub"]');
    // Plain http only to this machine: the core refuses, the form says so.
    await session.type('[data-testid="hub-url"]', 'http://example.com');
    await session.type('[data-testid="hub-login"]', 'desk1');
    await session.type('[data-testid="hub-password"]', 'hub-pass-2026');
    await session.click('[data-testid="hub-sign-in-submit"]');
    await session.waitFor('[data-testid="hub-sign-in-error"]', { text: 'use an https:// address' });
    await shot('09c-sync-sign-in-refused');
    // A hub on this machine answers the sign-in, then goes away: the sync finds no network.
    const server = createServer((req, res) => {
      if (req.method === 'POST' && req.url === '/v1/login') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ token: 'e2e-token', login: 'desk1', center: '광진구 원스톱센터', role: 'manager',
                                 expires_at: new Date(Date.now() + 86_400_000).toISOString() }));
      } else {
        res.writeHead(404).end();
      }
    });
    await new Promise((r) => server.listen(0, '127.0.0.1', r));
    const hubUrl = `http://127.0.0.1:${server.address().port}`;
    try {
      await session.type('[data-testid="hub-url"]', hubUrl);
      await session.type('[data-testid="hub-password"]', 'hub-pass-2026');
      await session.click('[data-testid="hub-sign-in-submit"]');
      await session.waitFor('[data-testid="hub-message"]');
      await session.waitFor('[data-testid="sync-hub"]', { text: hubUrl });
    } finally {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
    await session.click('[data-testid="sync-now"]');
    // In the screen's language (the error's Korean words).
    await session.waitFor('[data-testid="sync-error"]', { text: '허브에 연결할 수 없음 (네트워크 없음?)' });
    await session.waitFor('[data-testid="sync-screen-error"]', { text: '잃은 것은 없으니 나중에 다시 동기화하십시오' });
    assert.ok(!(await session.exists('[data-testid="sync-now"][disabled]')), 'the button is enabled again');
    assert.equal(await count(), waiting, 'the changes still wait');
    assert.equal(Number((await session.text('[data-testid="sync-screen-waiting"]')).trim()), waiting);
    await shot('09d-sync-no-network');
    // Settings leads there too.
    await session.click('[data-nav="settings"]');
    await session.waitFor('[data-testid="settings-sync-status"]', { text: hubUrl });
    await session.click('[data-testid="open-sync"]');
    await session.waitFor('[data-testid="sync-hub"]', { text: hubUrl });
  });

  await t.test('offline on the laptop: plan a visit, record it, open an application, its duties on Today; sync keeps it all', async () => {
    const count = async () =>
      Number(await session.cmd('GET', `/element/${await session.find('[data-testid="sync-waiting"]')}/attribute/data-count`));
    const before = await count();
    await session.click('[data-nav="visits"]');
    await session.waitFor('[data-testid="visit-form"]');
    await session.type('input[name="visit_whom"]', 'e2e 자양 반찬가게');
    await session.type('input[name="visit_time"]', '15:00');
    await session.type('input[name="visit_place"]', '자양전통시장');
    await session.type('input[name="visit_purpose"]', '경영 개선 방문 상담');
    await session.click('[data-testid="plan-visit"]');
    await session.waitFor('[data-testid="visit-list"] li[data-status="planned"]', { text: 'e2e 자양 반찬가게' });
    await shot('09e-visit-planned');
    await session.click('[data-testid="record-visit"]');
    await session.type('textarea[name="visit_notes"]', '배달 앱 수수료 부담 (방문 e2e)');
    await session.click('[data-testid="save-visit-record"]');
    // The merchant's history: a visit at the market, recorded from the plan.
    await session.waitFor('[data-testid="history"] article', { text: '배달 앱 수수료 부담 (방문 e2e)' });
    await session.waitFor('[data-testid="history"] article', { text: '자양전통시장' });
    await session.waitFor('[data-testid="merchant-title"]', { text: 'e2e 자양 반찬가게' });
    // An application from it, and its duties on Today.
    await session.click('[data-tab="applications"]');
    await session.waitFor('[data-testid="application-form"]');
    await session.set('[data-testid="application-program"]', 'seoul-2023-employment-incentive');
    const d = new Date();
    d.setMonth(d.getMonth() - 3);
    d.setDate(d.getDate() + 5);
    const p = (n) => String(n).padStart(2, '0');
    await session.set('input[name="applied_on"]', `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`);
    await session.click('[data-testid="application-save"]');
    await session.waitFor('[data-testid="duties"] li[data-step="0"]');
    await session.click('[data-nav="today"]');
    await session.waitFor('[data-testid="today-duties"]', { text: 'e2e 자양 반찬가게' });
    await session.waitFor('[data-testid="today-visits"]', { text: 'e2e 자양 반찬가게' });
    await shot('09f-today-visit-and-duties');
    // Sync finds no network: nothing is lost, everything waits (the merchant, the consultation,
    // the visit's two versions, the application).
    await session.click('[data-testid="sync-now"]');
    await session.waitFor('[data-testid="sync-error"]', { text: '허브에 연결할 수 없음' });
    assert.equal(await count(), before + 5, 'the visit, its consultation and application wait to be sent');
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

  await t.test('settings: back up, then restore that backup (the data replaced is kept first)', async () => {
    await session.click('[data-testid="backup"]');
    await session.waitFor('[data-testid="backup-list"] tr[data-backup]');
    await session.click('[data-testid="backup-list"] [data-testid="restore-backup"]');
    await session.click('[data-testid="confirm-restore-yes"]');
    const safety = (await session.text('[data-testid="restored"] code')).trim();
    assert.ok(safety.endsWith('.sqlite3') && existsSync(safety), safety);
    await shot('09b-restored');
    // The data is still there.
    await session.click('[data-nav="today"]');
    await session.type('[data-testid="search"]', '임대차');
    await session.waitFor('[data-testid="search-results"] button[data-kind="consultation"]');
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

  await t.test('whom to call: the programs new since the last look, saved as CSV, then marked seen', async () => {
    await session.click('[data-nav="calls"]');
    await session.waitFor('[data-testid="calls-since"]', { text: '최근 14일' });
    // The imported notices still open are new to this desk (whom they fit: the K-Startup step).
    await session.waitFor('[data-testid="call-program"]');
    await shot('14b-calls');
    await session.click('[data-testid="calls-csv"]');
    await session.waitFor('[data-testid="calls-saved"]', { text: '.csv' });
    const path = (await session.text('[data-testid="calls-saved"] code')).trim();
    const csv = readFileSync(path, 'utf8');
    assert.ok(csv.startsWith('\ufeff프로그램 ID,프로그램,'), csv.slice(0, 80));
    await session.click('[data-testid="calls-seen"]');
    await session.waitFor('[data-testid="calls-none"]');
  });

  await t.test('K-Startup: import the sample file; whom to call; a would-be founder sees the notices that admit them, quoted', async () => {
    const here = dirname(fileURLToPath(import.meta.url));
    const body = readFileSync(join(here, '../../../shared/data/kstartup-api-sample.json'), 'utf8');
    await session.click('[data-nav="catalogue"]');
    await session.click('[data-testid="toggle-import"]');
    await session.set('[data-testid="file-feed"]', 'kstartup');
    // Choose the file as a person would: the input's files, then its change event.
    await session.waitFor('[data-testid="feed-file"]');
    await session.cmd('POST', '/execute/sync', {
      script: `const input = document.querySelector('[data-testid="feed-file"]');
               const dt = new DataTransfer();
               dt.items.add(new File([arguments[0]], 'kstartup-api-sample.json', { type: 'application/json' }));
               input.files = dt.files;
               input.dispatchEvent(new Event('change', { bubbles: true }));`,
      args: [body],
    });
    await session.waitFor('[data-testid="import-summary"]', { text: '새로 60건', timeout: 20000 });
    // The file picker speaks the screen's language, not WebKit's system words.
    await session.waitFor('[data-testid="feed-file-name"]', { text: 'kstartup-api-sample.json' });
    assert.ok((await session.text('[data-testid="feed-file-button"]')).includes('파일 선택'));
    await shot('14c-kstartup-imported');
    await session.set('[data-testid="origin-filter"]', 'kstartup');
    await session.waitFor('[data-testid="program-count"]', { text: '지원사업 60건' });
    await session.set('[data-testid="origin-filter"]', '');
    await session.click('[data-testid="see-calls"]');
    await session.waitFor('[data-testid="call-program"][data-program^="kstartup-"] tr[data-merchant]');
    await session.click('[data-testid="calls-csv"]');
    await session.waitFor('[data-testid="calls-saved"]', { text: '.csv' });
    const csv = readFileSync((await session.text('[data-testid="calls-saved"] code')).trim(), 'utf8');
    assert.ok(csv.includes('kstartup-'), csv.slice(0, 200));
    await shot('14d-kstartup-calls');

    await session.click('[data-nav="merchant"]');
    await session.type('input[name="name"]', 'e2e 예비창업자');
    await session.type('input[name="city"]', '서울');
    await session.set('select[name="district"]', '광진구');
    await session.set('select[name="stage"]', 'pre_startup');
    await session.click('[data-testid="save-merchant"]');
    await session.waitFor('[data-testid="as-of"]');
    await session.set('[data-testid="as-of"]', '2026-04-20');
    // Admits would-be founders in Seoul: not ruled out. Seven years of business only: ruled out,
    // the reason quoting the notice's own field.
    await session.waitFor('[data-group="ineligible"] [data-program="kstartup-177186"]', { text: '공고문' });
    assert.ok(!(await session.exists('[data-group="ineligible"] [data-program="kstartup-177360"]')));
    assert.ok(await session.exists('[data-program="kstartup-177360"]'));
    // None of the announcements closed to would-be founders is offered to them.
    const notForFounders = JSON.parse(body).data.filter((a) => !(a.biz_enyy ?? '').includes('예비창업자'));
    assert.ok(notForFounders.length > 5);
    for (const a of notForFounders) {
      for (const g of ['eligible', 'needs_info']) {
        assert.ok(!(await session.exists(`[data-group="${g}"] [data-program="kstartup-${a.pbanc_sn}"]`)), `${a.pbanc_sn} under ${g}`);
      }
    }
    await session.set('[data-testid="source-filter"]', 'kstartup');
    await shot('14e-founder-matches');
    // Not yet marked seen: Today says how many new programs wait, and leads to the list.
    await session.click('[data-nav="today"]');
    await session.click('[data-testid="today-new-programs"] button');
    await session.waitFor('[data-testid="call-program"][data-program^="kstartup-"]');
  });

  await t.test('a manager adds a staff member, who signs in and cannot read the audit log', async () => {
    await session.click('[data-nav="settings"]');
    await session.type('[data-testid="staff-login"]', STAFF.login);
    await session.type('[data-testid="staff-name"]', STAFF.name);
    await session.type('[data-testid="staff-pin"]', STAFF.pin);
    await session.type('[data-testid="staff-pin2"]', STAFF.pin);
    await session.click('[data-testid="add-staff-submit"]');
    await session.waitFor(`[data-testid="staff-list"] tr[data-staff="${STAFF.login}"]`, { text: STAFF.name });
    await shot('15-staff-added');
    await session.click('[data-testid="lock"]');
    await session.waitFor('[data-testid="signin-form"]');
    assert.ok(!(await session.exists('[data-testid="shell"]:not(.locked)')), 'the desk is hidden while locked');
    await signInAs(STAFF);
    await session.click('[data-nav="settings"]');
    await session.waitFor('[data-testid="audit-managers-only"]');
    assert.ok(!(await session.exists('[data-testid="audit-log"]')));
    assert.ok(!(await session.exists('[data-testid="add-staff"]')));
    assert.ok(await session.exists('[data-testid="change-my-pin"]'));
    await session.waitFor('[data-testid="settings-managers-only"]');
    assert.ok(await session.exists('[data-testid="settings-form"] fieldset:disabled'), 'settings are read-only for staff');
    await shot('16-staff-settings');
    await session.click('[data-testid="lock"]');
  });

  await t.test('a wrong PIN is refused with a message; the right one signs in', async () => {
    await signIn({ login: MANAGER.login, pin: '591736' });
    await session.waitFor('[data-testid="signin-error"]', { text: 'wrong PIN' });
    await shot('17-wrong-pin');
    await signInAs(MANAGER);
  });

  await t.test('erase a merchant on request: gone from search', async () => {
    await session.click('[data-nav="merchant"]');
    await session.type('input[name="name"]', 'e2e 지우개 상회');
    await session.click('[data-testid="save-merchant"]');
    await session.waitFor('[data-testid="merchant-title"]', { text: '지우개' });
    await session.waitFor('[data-tab="matches"].active');
    await openMerchantFromSearch('지우개');
    await session.click('[data-testid="erase-merchant"]');
    await session.type('[data-testid="erase-word"]', '삭제');
    await shot('18a-erase-confirm');
    await session.click('[data-testid="erase-confirm"]');
    await session.waitFor('[data-testid="notice"]', { text: '상담 기록 0건' });
    await shot('18-erased');
    await session.type('[data-testid="search"]', '지우개');
    await session.waitFor('[data-testid="no-results"]');
    assert.ok(!(await session.exists('[data-testid="search-results"]')));
  });

  await t.test('the Korean screens say it in Korean: no raw referral statuses, program ids, US dates or English audit details', async () => {
    await session.click('[data-nav="today"]');
    // The check finds what it looks for (it would pass by reading nothing otherwise).
    const caught = await planted(
      '[data-testid="shell"]',
      '<p>연계 상태: proposed</p><p>12/04/2026</p><p>seoul-2023-employment-incentive</p><p>kstartup-177186</p><input type="date">',
      () => assertKorean('planted').then(() => null, (e) => e.message),
    );
    assert.match(caught ?? 'passed', /webview/, 'a native date field is caught');
    const words = await planted(
      '[data-testid="shell"]',
      '<p>연계 상태: proposed</p><p>12/04/2026</p><p>seoul-2023-employment-incentive</p><p>kstartup-177186</p>',
      () => assertKorean('planted').then(() => null, (e) => e.message),
    );
    for (const what of ['raw referral status', 'US-ordered date', 'seoul-2023-employment-incentive', 'kstartup-177186']) {
      assert.ok(words?.includes(what), `the check catches ${what}: ${words}`);
    }
    await session.waitFor('[data-testid="today-followups"]', { text: '법률상담실 예약 결과 확인 전화' });
    await session.waitFor('[data-testid="today-followups"]', { text: localToday() });
    await assertKorean('Today');
    await shot('20-ko-today');

    await openMerchantFromSearch('화양');
    const merchantId = (await session.text('[data-testid="merchant-id"]')).trim();
    await assertKorean('merchant facts');
    await session.click('[data-tab="matches"]');
    await session.waitFor('[data-verdict="eligible"] [data-program="gwangjin-onestop-legal-advice"]');
    await assertKorean('matches');
    await shot('20-ko-matches');
    await session.click('[data-tab="consult"]');
    await session.waitFor('[data-testid="history"] article', { text: NOTES });
    await session.click('[data-testid="history"] [data-testid="show-versions"]');
    await session.waitFor('[data-testid="versions"] li[data-version="1"]');
    const consult = await assertKorean('consultations and their history');
    for (const words of ['광진구 소상공인 원스톱센터 법률 상담', '연계함', '버전 2', '처음 저장']) {
      assert.ok(consult.includes(words), `the consultations say "${words}"`);
    }
    await session.click('[data-tab="applications"]');
    await session.waitFor('[data-testid="duties"] li[data-step="0"]');
    const applications = await assertKorean('applications and their duties');
    for (const words of ['2023년 서울시 소상공인 고용장려금', '신청', '채용일 후 정해짐', '근거']) {
      assert.ok(applications.includes(words), `the applications say "${words}"`);
    }
    await session.click('[data-tab="consult"]');
    await session.waitFor('[data-testid="history"] article', { text: NOTES });
    const consultationId = await session.cmd('GET',
      `/element/${await session.find('[data-testid="history"] article')}/attribute/data-consultation`);
    await scrollTo('[data-testid="history"]');
    await shot('20-ko-consult');

    await session.click('[data-nav="catalogue"]');
    await session.click('[data-program="gwangjin-onestop-legal-advice"]');
    await session.waitFor('[data-testid="program-detail"]', { text: '법률' });
    await assertKorean('programs');
    await shot('20-ko-catalogue');
    await session.click('[data-nav="calls"]');
    await session.waitFor('[data-testid="calls-since"]');
    await assertKorean('whom to call');
    await session.click('[data-nav="reports"]');
    await session.waitFor('[data-testid="report-form"]');
    await assertKorean('reports');
    await session.click('[data-testid="sync-status"]');
    await session.waitFor('[data-testid="sync-details"]');
    await assertKorean('sync');

    await session.click('[data-nav="settings"]');
    await session.waitFor('[data-testid="audit-log"] tr[data-action="erase"]', { text: '요청에 따라 삭제 (상담 기록 0건)' });
    const english = await planted('[data-testid="audit-log"]', '<tr><td>version 2</td><td>search: 1 merchant(s), 0 consultation(s)</td></tr>',
      () => assertKorean('planted audit', { audit: true }).then(() => null, (e) => e.message));
    assert.ok(english?.includes('English audit details: version 2, search: '), `the check catches English details: ${english}`);
    const settings = await assertKorean('settings and the audit log', { audit: true });
    assert.ok(settings.includes('검색: '), 'searches are logged, in Korean');
    await scrollTo('[data-testid="audit-section"]');
    await shot('20-ko-settings-audit');
    // One record's lines: the merchant's (consent, export) and the consultation's (its versions).
    await session.type('[data-testid="audit-record"]', merchantId);
    await session.click('[data-testid="audit-show"]');
    await session.waitFor('[data-testid="audit-log"]', { text: '개인정보 내려받기' });
    await session.waitFor('[data-testid="audit-log"]', { text: '동의서 기록' });
    await assertKorean('the merchant\'s audit lines', { audit: true });
    await session.type('[data-testid="audit-record"]', consultationId);
    await session.click('[data-testid="audit-show"]');
    await session.waitFor('[data-testid="audit-log"]', { text: '버전 2 저장' });
    await session.waitFor('[data-testid="audit-log"]', { text: '모든 버전 열람' });
    await session.waitFor('[data-testid="audit-log"]', { text: '상담 결과 안내 PDF' });
    await assertKorean('the consultation\'s audit lines', { audit: true });
    await scrollTo('[data-testid="audit-section"]');
    await shot('20-ko-audit-consultation');
  });

  await t.test('idle lock: untouched past the limit, the desk locks; signing in returns to the screen', async () => {
    assert.ok(IDLE_SECS <= 60, `run.sh should set a short ONESTOP_IDLE_LOCK_SECS (got ${IDLE_SECS})`);
    await session.click('[data-nav="reports"]');
    await session.waitFor('[data-testid="report-form"]');
    const started = Date.now();
    await session.waitFor('[data-testid="signin-form"]', { timeout: (IDLE_SECS + 10) * 1000 });
    assert.ok(Date.now() - started >= (IDLE_SECS - 1) * 1000, 'locked too early');
    await session.waitFor('[data-testid="locked-note"]');
    await shot('19-idle-locked');
    await signInAs(MANAGER);
    await session.waitFor('[data-testid="report-form"]');
  });

  await t.test('restart the app: sign in, the consultation is still there', async () => {
    await session.close();
    session = await Session.start(DRIVER, APP);
    // A new run of the app asks once for the desk passphrase.
    await session.waitFor('[data-testid="signin-passphrase"]');
    await shot('09-restart-passphrase');
    await signInAs(MANAGER);
    await session.type('[data-testid="search"]', '임대차 분쟁');
    await session.click('[data-testid="search-results"] button[data-kind="consultation"]');
    await session.waitFor('[data-testid="history"] article', { text: NOTES });
    await shot('10-after-restart');
  });
});
