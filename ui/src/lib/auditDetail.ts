// An audit line's detail in the interface language. The log stores the detail as the Rust side
// wrote it, in English (it is a hash chain: the stored text never changes); this only changes
// how the Settings screen shows it. The details come from `crates/store/src/journal/mod.rs` and
// the `Event::…` uses in `crates/core/src` (`ui/test/auditDetail.test.ts` reads those sources and
// fails when one has no wording here). A detail not known is shown as it is.
import type { Lang } from '../bindings/Lang';

/** Details written word for word. */
const EXACT: Record<string, string> = {
  // A merchant, a consultation or a program saved by staff, or received by sync.
  created: '새로 등록',
  updated: '수정',
  edited: '수정',
  'received by sync': '동기화로 받음',
  'updated by sync': '동기화로 받아 수정',
  'version received by sync': '새 버전을 동기화로 받음',
  'consent recorded': '동의서 기록',
  'consent withdrawn; personal fields removed': '동의 철회: 개인정보 항목 삭제',
  // Visit plans.
  planned: '방문 계획',
  cancelled: '방문 취소',
  'recorded as a consultation': '상담으로 기록',
  // Programs.
  retired: '폐지',
  'brought back': '폐지 취소',
  // Views, prints, exports.
  'likely duplicate': '중복 의심 상담자 확인',
  'all versions': '모든 버전 열람',
  'summary PDF': '상담 결과 안내 PDF',
  'referral slip PDF': '연계 의뢰서 PDF',
  'period report PDF': '상담 실적 보고 PDF',
  'personal data export': '개인정보 내려받기',
  // Settings, marks, the catalogue and the hub.
  changed: '변경',
  'marked seen': '확인 완료 표시',
  'catalogue published to the hub': '지원사업 목록을 허브에 게시',
  // Staff and the desk's keys.
  'set up the desk': '데스크 처음 설정',
  'recovered the desk with the recovery code': '복구 코드로 데스크 복구',
  added: '직원 추가',
  'new PIN; enabled': '새 PIN 설정, 사용 재개',
  'new PIN': '새 PIN 설정',
  disabled: '사용 중지',
  'device secret and recovery code added': '기기 비밀값과 복구 코드 추가',
  'needs a new PIN after a re-key': '데이터 키 교체 후 새 PIN 필요',
  're-keyed': '데이터 키 교체 (다시 암호화)',
  'restored from backup': '백업에서 복원',
};

/** Why a sign-in failed (`failed: …`). */
const SIGN_IN_FAILURES: Record<string, string> = {
  'wrong PIN': 'PIN 틀림',
  'unknown login': '없는 로그인 ID',
  'tried while waiting': '대기 시간 중 시도',
  disabled: '사용 중지된 직원',
  'needs a new PIN': '새 PIN 필요',
  'not on the staff list': '직원 목록에 없음',
};

const ROLES: Record<string, string> = { manager: '관리자', staff: '직원' };

const APPLICATION_STATUSES: Record<string, string> = {
  preparing: '준비',
  applied: '신청',
  selected: '선정',
  rejected: '탈락',
  paid: '지급·실행',
  closed: '종료',
};
const status = (s: string) => APPLICATION_STATUSES[s] ?? s;

/** Details carrying numbers or names: a pattern and its wording from the parts it matched. */
const PATTERNS: [RegExp, (m: RegExpExecArray) => string][] = [
  [/^version (\d+)$/, (m) => `버전 ${m[1]} 저장`],
  [/^(\d+) consultation\(s\)$/, (m) => `상담 기록 ${m[1]}건`],
  [/^list of (\d+)$/, (m) => `목록 ${m[1]}건`],
  [/^sync conflicts: (\d+)$/, (m) => `동기화 충돌 ${m[1]}건`],
  [/^search: (\d+) merchant\(s\), (\d+) consultation\(s\)$/, (m) => `검색: 상담자 ${m[1]}건, 상담 기록 ${m[2]}건`],
  [/^prospects: (\d+) merchant\(s\) listed$/, (m) => `해당 가능 상담자 ${m[1]}명 목록`],
  [/^(\d+) new program\(s\), (\d+) merchant\(s\) listed$/, (m) => `새 지원사업 ${m[1]}건, 연락 대상 상담자 ${m[2]}명`],
  [/^calls CSV: (\d+) merchant row\(s\)$/, (m) => `연락 대상 CSV: 상담자 ${m[1]}행`],
  [/^erased on request with (\d+) consultation\(s\)$/, (m) => `요청에 따라 삭제 (상담 기록 ${m[1]}건)`],
  [
    /^erased on another desk \((\d+) consultation\(s\)\), received by sync$/,
    (m) => `다른 데스크에서 삭제 (상담 기록 ${m[1]}건), 동기화로 받음`,
  ],
  [
    /^erased again after the restore \((\d+) consultation\(s\)\): the erasure predates the backup$/,
    (m) => `복원 후 다시 삭제 (상담 기록 ${m[1]}건): 백업보다 먼저 삭제된 기록`,
  ],
  [
    /^imported: (\d+) new, (\d+) updated, (\d+) unchanged, (\d+) rejected$/,
    (m) => `가져오기: 새로 ${m[1]}건, 변경 ${m[2]}건, 그대로 ${m[3]}건, 제외 ${m[4]}건`,
  ],
  [/^desk signed in to the hub as (.+)$/, (m) => `데스크가 허브에 로그인 (${m[1]})`],
  [
    /^desk pointed at the hub (\S+) \(was (.*)\); pulling from the start$/,
    (m) => `데스크의 허브를 ${m[1]}(으)로 변경 (이전: ${m[2]}), 처음부터 다시 받음`,
  ],
  [
    /^the hub's changes end at (\d+), before this desk's cursor (\d+): pulling from the start$/,
    (m) => `허브의 변경이 ${m[1]}번에서 끝남 (이 데스크는 ${m[2]}번까지 받음): 처음부터 다시 받음`,
  ],
  [
    /^(\d+) merchant\(s\) and (\d+) consultation version\(s\) from before sync queued for the hub$/,
    (m) => `동기화 이전 자료를 허브로 보낼 준비: 상담자 ${m[1]}건, 상담 기록 버전 ${m[2]}건`,
  ],
  [/^role (\S+)$/, (m) => `권한 변경: ${ROLES[m[1]] ?? m[1]}`],
  // Applications (`Event::ApplicationSaved`).
  // The program's id is left out of the Korean wording (a slug means nothing there); the
  // application the line is about names it.
  [/^created for program (\S+) \((\w+)\)$/, (m) => `새로 등록 (진행 상태 ${status(m[2])})`],
  [/^version (\d+): status (\w+)$/, (m) => `버전 ${m[1]}: 진행 상태 ${status(m[2])}`],
  [/^version (\d+): changed$/, (m) => `버전 ${m[1]}: 수정`],
  [/^version (\d+): duty (\d+) moved to (\S+)$/, (m) => `버전 ${m[1]}: 의무 ${m[2]}번 날짜를 ${m[3]}(으)로 변경`],
  [/^version (\d+): duty (\d+) done$/, (m) => `버전 ${m[1]}: 의무 ${m[2]}번 완료`],
  [/^version (\d+): duty (\d+) not done$/, (m) => `버전 ${m[1]}: 의무 ${m[2]}번 완료 취소`],
  [/^failed: (.*)$/, (m) => `로그인 실패: ${SIGN_IN_FAILURES[m[1]] ?? m[1]}`],
];

/** The detail of an audit line as shown: in Korean for the Korean interface; the English
 *  interface shows it as stored. A detail not known is shown as it is. */
export function auditDetail(detail: string, lang: Lang): string {
  if (lang === 'en' || detail === '') return detail;
  if (Object.hasOwn(EXACT, detail)) return EXACT[detail];
  for (const [re, say] of PATTERNS) {
    const m = re.exec(detail);
    if (m) return say(m);
  }
  return detail;
}
