// Interface language: Korean by default, English second. Reading `ui.lang` inside a template
// makes the text follow a change of language at once.
import type { Lang } from '../bindings/Lang';

export const ui = $state<{ lang: Lang }>({ lang: 'ko' });

const dict = {
  today: ['오늘', 'Today'],
  merchants: ['상담자', 'Merchants'],
  newMerchant: ['새 상담자', 'New merchant'],
  catalogue: ['지원사업', 'Programs'],
  settings: ['설정', 'Settings'],
  search: ['검색', 'Search'],
  searchPlaceholder: ['상호, 사업자번호, 전화번호, 사업명, 상담 내용', 'Name, registration no., phone, program, notes'],
  todaysConsultations: ['오늘 상담', "Today's consultations"],
  followUps: ['후속 조치 (지연·예정)', 'Follow-ups (overdue and due)'],
  duties: ['신청 후 의무 (지연·예정)', 'Duties after applying (overdue and due)'],
  partner: ['연계 기관', 'Partner'],
  partners: ['연계 기관 목록', 'Partners'],
  otherInstitution: ['직접 입력', 'Other (type it)'],
  morePrograms: ['함께 의뢰할 사업 ({n})', 'More programs ({n})'],
  referredBy: ['센터로 연계해 온 기관', 'Referred to the center by'],
  nobody: ['없음 (직접 방문)', 'Nobody (came on their own)'],
  answerReferral: ['회신·결과 기록', 'Record the answer'],
  answeredOn: ['회신일', 'Answered on'],
  declineReason: ['거절 사유', 'Why declined'],
  resultKind: ['결과 종류', 'Obtained'],
  resultAmount: ['금액 (원)', 'Amount (won)'],
  resultOn: ['결과일', 'Obtained on'],
  noResult: ['결과 없음', 'No result yet'],
  resultLine: ['결과: {kind} {amount} ({on})', 'Result: {kind} {amount} ({on})'],
  declinedLine: ['거절: {reason}', 'Declined: {reason}'],
  printSlip: ['의뢰서 인쇄', 'Print referral slip'],
  partnerContact: ['연락처', 'Contact'],
  partnerHours: ['운영 시간', 'Hours'],
  partnerAddress: ['주소', 'Address'],
  partnerBranch: ['지점', 'Branch'],
  partnerNameEn: ['기관명 (영문)', 'Name in English'],
  partnerKinds: ['담당 사업 종류', 'Program kinds handled'],
  retire: ['중단', 'Retire'],
  bringBack: ['다시 사용', 'Bring back'],
  addPartner: ['기관 추가', 'Add partner'],
  resultsTitle: ['상담 이후 결과', 'What came of it'],
  visits: ['방문 일정', 'Visits'],
  visitDay: ['날짜', 'Day'],
  visitsOn: ['{day} 방문', 'Visits on {day}'],
  prospect: ['신규', 'prospect'],
  recordVisit: ['상담 기록', 'Record'],
  cancelVisit: ['방문 취소', 'Cancel visit'],
  planVisit: ['방문 계획', 'Plan a visit'],
  visitWhom: ['방문할 곳 (상호)', 'Whom (trade name)'],
  visitWhomHint: ['등록된 상담자는 검색해 고르고, 처음이면 상호를 적으세요', 'Pick a merchant on file, or type a new business'],
  visitTime: ['시각', 'Time'],
  visitPurpose: ['목적', 'Purpose'],
  visitMerchantOnFile: ['등록된 상담자를 방문합니다', 'A merchant on file'],
  visitProspect: ['처음 만나는 곳: 상담을 기록하면 상호로 등록됩니다', 'A new business: recording the visit puts it on file by its trade name'],
  visitPlanned: ['방문을 계획했습니다', 'Visit planned'],
  visitRecorded: ['방문을 상담으로 기록했습니다', 'The visit is recorded as a consultation'],
  todaysVisits: ['오늘 방문', "Today's visits"],
  applicationsByStatus: ['기간 중 연 신청의 진행 상태', 'Applications opened in the period, by status'],
  obtainedByKind: ['종류별 지원 실적', 'Obtained, by kind'],
  referralsByPartner: ['기관별 연계 결과', 'Referral results by partner'],
  overdueDutiesByCounselor: ['상담자별 지연된 신청 의무', 'Application duties overdue, by counselor'],
  applications: ['신청', 'Applications'],
  newApplication: ['새 신청', 'New application'],
  applicationProgram: ['지원사업', 'Program'],
  otherProgram: ['다른 지원사업 (ID로 지정)', 'Another program (by its id)'],
  programId: ['지원사업 ID', 'Program id'],
  appliedOn: ['신청일', 'Applied on'],
  hiredOn: ['채용일 (고용 지원사업)', 'Hired on (hiring programs)'],
  requested: ['신청 금액 (원)', 'Amount requested (won)'],
  decidedOn: ['결정일', 'Decided on'],
  approved: ['승인 금액 (원)', 'Amount approved (won)'],
  decisionReason: ['탈락 사유', 'Reason for rejection'],
  paidOn: ['지급·실행일', 'Paid on'],
  paid: ['지급·실행 금액 (원)', 'Amount paid (won)'],
  closedOn: ['종료일', 'Closed on'],
  applicationStatus: ['진행 상태', 'Status'],
  openApplication: ['신청 열기', 'Open application'],
  changeApplication: ['진행 상태 바꾸기', 'Change status'],
  moveDate: ['날짜 변경', 'Move date'],
  moveReason: ['변경 사유', 'Why it moves'],
  waitsFor: ['{anchor} 후 정해짐', 'Set once {anchor} is known'],
  noApplications: ['아직 신청이 없습니다', 'No applications yet'],
  fromConsultation: ['상담에서 논의한 사업', 'Programs discussed in consultations'],
  movedFrom: ['원래 {date}, 사유: {reason}', 'Was {date}; why: {reason}'],
  sourceWords: ['근거', 'Source'],
  closingSoon: ['14일 안에 마감', 'Closing within 14 days'],
  none: ['없음', 'None'],
  done: ['완료', 'Done'],
  facts: ['기본 정보', 'Facts'],
  matches: ['지원 매칭', 'Matches'],
  consultations: ['상담 기록', 'Consultations'],
  save: ['저장', 'Save'],
  saved: ['저장했습니다', 'Saved'],
  unknown: ['모름', 'Unknown'],
  yes: ['예', 'Yes'],
  no: ['아니오', 'No'],
  asOf: ['기준일', 'As of'],
  stage: ['사업 단계', 'Stage'],
  eligible: ['해당', 'Eligible'],
  needsInfo: ['정보 필요', 'Needs information'],
  ineligible: ['해당 없음', 'Not eligible'],
  questions: ['물어볼 것', 'Questions to ask'],
  answer: ['답 저장', 'Save answer'],
  applyFrom: ['신청 가능일', 'Apply from'],
  toConfirm: ['신청 시 확인', 'To confirm when applying'],
  showMore: ['더 보기', 'Show more'],
  source: ['출처', 'Source'],
  duplicates: ['같은 사업자일 수 있습니다', 'Possibly the same business'],
  newConsultation: ['새 상담 기록', 'New consultation'],
  counselor: ['상담자(직원)', 'Counselor'],
  channel: ['상담 방식', 'Channel'],
  place: ['장소', 'Place'],
  when: ['일시', 'When'],
  topics: ['주제', 'Topics'],
  notes: ['상담 내용', 'Notes'],
  programsDiscussed: ['안내한 지원사업', 'Programs discussed'],
  referrals: ['연계 기관', 'Referrals'],
  institution: ['기관', 'Institution'],
  addReferral: ['연계 추가', 'Add referral'],
  addFollowUp: ['후속 조치 추가', 'Add follow-up'],
  outcome: ['결과', 'Outcome'],
  history: ['상담 이력', 'History'],
  filterKind: ['유형', 'Kind'],
  filterStage: ['단계', 'Stage'],
  provider: ['기관', 'Provider'],
  openNow: ['지금 접수 중', 'Open now'],
  benefits: ['지원 내용', 'Benefits'],
  window: ['접수 기간', 'Application window'],
  howToApply: ['신청 방법', 'How to apply'],
  documents: ['제출 서류', 'Documents'],
  timeline: ['일정', 'Timeline'],
  exclusions: ['지원 제외', 'Exclusions'],
  center: ['센터', 'Center'],
  language: ['언어', 'Language'],
  dataFile: ['데이터 파일', 'Data file'],
  backupNow: ['지금 백업', 'Back up now'],
  backedUp: ['백업했습니다', 'Backed up to'],
  all: ['전체', 'All'],
  remove: ['삭제', 'Remove'],
  error: ['오류', 'Error'],
  open: ['열기', 'Open'],
  reports: ['보고서', 'Reports'],
  calls: ['연락 대상', 'Whom to call'],
  checkNotice: ['공고문 확인 필요', 'check the notice'],
  callsTitle: ['새 지원사업과 연락할 가맹점', 'New programs and whom to call'],
  callsSince: ['이후 새로 들어온 지원사업', 'programs added since'],
  callsFirstLook: ['최근 14일', 'the last 14 days'],
  callsNone: ['새로 들어온 지원사업이 없습니다.', 'No new programs.'],
  callsNobody: ['해당하거나 질문 하나로 확인할 가맹점이 없습니다.', 'No merchant fits or is one question away.'],
  callsSeen: ['확인 완료 (다음부터 새 사업만)', 'Mark as seen (only newer next time)'],
  callsCsv: ['CSV로 저장', 'Save as CSV'],
  callsFirstShown: ['앞의', 'showing the first'],
  callsCsvHasAll: ['CSV에 모두 있음', 'the CSV has them all'],
  callsSaved: ['저장함', 'Saved'],
  callsEligible: ['해당', 'eligible'],
  callsOneQuestion: ['질문 하나', 'one question away'],
  callsChecked: ['확인한 가맹점', 'merchants checked'],
  phone: ['연락처', 'Phone'],
  noContact: ['연락처 없음(동의 없음)', 'no contact (no consent)'],
  toAsk: ['확인할 사항', 'To ask'],
  seeCalls: ['연락할 가맹점 보기', 'See whom to call'],
  newPrograms: ['새로 들어온 지원사업', 'New programs'],
  allKinds: ['모든 분야', 'All kinds'],
  allSources: ['모든 출처', 'All sources'],
  closedGroup: ['접수 마감', 'Closed'],
  print: ['인쇄 / PDF 저장', 'Print / Save PDF'],
  withoutNotes: ['내부 메모 제외', 'Leave internal notes out'],
  largePrint: ['큰 글씨로 인쇄', 'Large print'],
  savedTo: ['저장한 파일', 'Saved to'],
  from: ['시작일', 'From'],
  to: ['종료일', 'To'],
  makeReport: ['보고서 만들기 (PDF·CSV)', 'Make report (PDF and CSV)'],
  noResults: ['검색 결과 없음', 'No results'],
  confirm: ['확인', 'Confirm'],
  cancel: ['취소', 'Cancel'],
  // Signing in
  signIn: ['로그인', 'Sign in'],
  signInTitle: ['직원 로그인', 'Staff sign-in'],
  whoAreYou: ['직원 선택', 'Who are you?'],
  pickStaff: ['로그인할 직원을 선택하세요', 'Pick who is signing in'],
  pin: ['PIN', 'PIN'],
  pinAgain: ['PIN 다시 입력', 'PIN again'],
  pinsDiffer: ['두 PIN이 다릅니다', 'The two PINs differ'],
  login: ['로그인 ID', 'Login'],
  staffName: ['이름', 'Name'],
  role: ['권한', 'Role'],
  roleManager: ['관리자', 'manager'],
  roleStaff: ['직원', 'staff'],
  disabledStaff: ['사용 중지', 'disabled'],
  activeStaff: ['사용 중', 'active'],
  setUpTitle: ['처음 설정: 관리자 계정 만들기', 'First run: create the manager'],
  setUpIntro: [
    '상담 데이터는 암호화해 저장하며, 직원이 PIN으로 로그인해야 열립니다. 처음 만드는 계정은 관리자입니다.',
    'The data is stored encrypted and opens only when a staff member signs in with their PIN. The first account is the manager.',
  ],
  pinRules: [
    'PIN은 숫자 6자리 이상(123456 같은 쉬운 번호 제외), 또는 8자 이상 비밀번호. 관리자가 모두 PIN을 잊으면 데이터를 열 수 없습니다.',
    'A PIN is 6 or more digits (not an easy run such as 123456), or a password of 8 or more characters. If every manager forgets their PIN, the data cannot be opened.',
  ],
  setUp: ['관리자 만들고 시작', 'Create and start'],
  deskPassphrase: ['데스크 암호 문구', 'Desk passphrase'],
  deskPassphraseAgain: ['데스크 암호 문구 다시 입력', 'Desk passphrase again'],
  passphrasesDiffer: ['두 암호 문구가 다릅니다', 'The two passphrases differ'],
  deskPassphraseSetUp: [
    '이 컴퓨터에는 운영체제 키 저장소가 없어, 데이터 폴더를 복사해 가도 PIN만으로는 열 수 없도록 데스크 암호 문구를 정합니다. 20자 이상(한글은 한 글자를 2자로 셈), 몇 단어로 된 문장이 좋습니다. 앱을 켤 때마다 한 번 입력합니다.',
    'This computer has no OS keystore, so the desk gets a passphrase: a copy of the data folder then cannot be opened with a PIN alone. At least 20 characters (a Hangul syllable counts two); a few words make a good one. It is asked once each time the app starts.',
  ],
  deskPassphraseSignIn: [
    '앱을 다시 켰으므로 데스크 암호 문구가 한 번 필요합니다.',
    'The app was restarted: the desk passphrase is needed once.',
  ],
  recoveryTitle: ['복구 코드: 지금 적어 두세요', 'Recovery code: write it down now'],
  recoveryIntro: [
    '다른 컴퓨터로 옮기거나 이 컴퓨터의 키 저장소를 잃었을 때, 관리자가 이 코드로 데이터와 백업을 되살립니다(onestop staff recover). 이 화면에서 한 번만 보여 주며 어디에도 저장하지 않습니다. 종이에 적어 컴퓨터와 떨어진 곳에 보관하세요.',
    'If the desk moves to another computer or this computer loses its keystore, a manager restores the data and backups with this code (onestop staff recover). It is shown on this screen once and stored nowhere: write it on paper and keep it away from the computer.',
  ],
  recoveryDone: ['적어 두었습니다. 시작하기', 'I wrote it down. Start'],
  lock: ['잠금', 'Lock'],
  lockedNote: ['잠겼습니다. 같은 직원이 다시 로그인하면 하던 화면으로 돌아갑니다.', 'Locked. Sign in again to return to where you were.'],
  // Consent
  consentTitle: ['개인정보 수집·이용 동의', 'Consent to personal data processing'],
  consentGiven: ['동의서 받음', 'Signed consent received'],
  consentDate: ['동의일', 'Date signed'],
  consentForm: ['동의서 양식', 'Form'],
  consentOnRecord: ['동의서 보관 중', 'Consent on record'],
  recordedBy: ['기록한 직원', 'Recorded by'],
  withdrawConsent: ['동의 철회', 'Withdraw consent'],
  withdrawConfirm: [
    '동의를 철회하면 대표자, 전화번호, 대표자 생년월일이 바로 삭제됩니다. 철회할까요?',
    "Withdrawing removes the representative, phone and owner's date of birth at once. Withdraw?",
  ],
  withdrawn: ['철회', 'withdrawn'],
  consentHistory: ['이전 동의서', 'Earlier consents'],
  noConsent: [
    '동의서가 없으면 대표자, 전화번호, 대표자 생년월일은 저장하지 않습니다.',
    "Without a signed consent, the representative, phone and owner's date of birth are not stored.",
  ],
  consentNeeded: [
    '개인정보가 입력되었습니다. 동의서를 받았으면 "동의서 받음"을 체크하고, 아니면 이 칸을 비워 두세요.',
    'Personal data entered: tick "Signed consent received" if the merchant signed the form, else leave these fields empty.',
  ],
  needsConsent: ['동의서 필요', 'needs consent'],
  personal: ['개인정보', 'personal'],
  // Data requests on a merchant
  dataRequests: ['개인정보 요청', 'Data requests'],
  exportData: ['내 정보 내려받기', 'Export data'],
  exportedTo: ['내려받은 파일', 'Exported to'],
  erase: ['정보 삭제', 'Erase'],
  eraseIntro: [
    '이 상담자의 기본 정보, 동의서, 모든 상담 기록을 삭제합니다. 되돌릴 수 없습니다(이전 백업에는 교체될 때까지 남습니다). 계속하려면 상호 또는 "삭제"를 입력하세요.',
    'This erases the merchant\'s facts, consents and every consultation. It cannot be undone (backups taken before keep them until they rotate out). To go on, type the business name or the word 삭제.',
  ],
  eraseTypeHere: ['상호 또는 "삭제"', 'Business name or 삭제'],
  eraseNow: ['영구 삭제', 'Erase for good'],
  erasedNotice: [
    '상담자 정보를 삭제했습니다 (기록 번호 {id}): 상담 기록 {consultations}건, 동의서 {consents}건, 저장한 파일 {files}건.',
    'Erased the merchant (record {id}): {consultations} consultation(s), {consents} consent(s), {files} saved file(s).',
  ],
  recordId: ['기록 번호', 'Record ID'],
  accessLog: ['접근 기록 보기', 'Access log'],
  // Staff and audit
  staff: ['직원', 'Staff'],
  addStaff: ['직원 추가', 'Add staff member'],
  staffAdded: ['직원을 추가했습니다', 'Staff member added'],
  disable: ['사용 중지', 'Disable'],
  disableConfirm: [
    '{name}({login})의 로그인을 막을까요? 새 PIN을 정하면 다시 사용할 수 있습니다.',
    'Stop {name} ({login}) from signing in? Setting a new PIN enables them again.',
  ],
  newPin: ['새 PIN', 'New PIN'],
  setPin: ['PIN 변경', 'Set PIN'],
  changeMyPin: ['내 PIN 변경', 'Change my PIN'],
  pinChanged: ['PIN을 바꿨습니다', 'PIN changed'],
  you: ['나', 'you'],
  auditLog: ['감사 로그 (접근 기록)', 'Audit log'],
  auditManagersOnly: ['감사 로그는 관리자만 볼 수 있습니다.', 'Only managers can read the audit log.'],
  settingsManagersOnly: ['이 설정은 관리자만 바꿀 수 있습니다.', 'Only managers can change these settings.'],
  at: ['시각', 'Time'],
  action: ['작업', 'Action'],
  record: ['대상', 'Record'],
  detail: ['내용', 'Detail'],
  show: ['조회', 'Show'],
  // Backups
  backups: ['백업', 'Backups'],
  takenAt: ['백업 시각', 'Taken at'],
  size: ['크기', 'Size'],
  file: ['파일', 'File'],
  restore: ['복원', 'Restore'],
  restoreConfirm: [
    '이 백업으로 지금 데이터를 바꿀까요? 바꾸기 전 데이터는 먼저 안전 백업으로 저장합니다.',
    'Replace the current data with this backup? The data replaced is backed up first.',
  ],
  restored: ['복원했습니다. 바꾸기 전 데이터의 안전 백업', 'Restored. Safety backup of the data replaced'],
  noBackups: ['백업이 없습니다', 'No backups yet'],
  restoreManagersOnly: ['복원은 관리자만 할 수 있습니다.', 'Only managers restore backups.'],
  // Sync with the center's hub
  sync: ['동기화', 'Sync'],
  syncTitle: ['동기화 (센터 허브)', 'Sync with the center hub'],
  syncIntro: [
    '이 데스크의 상담자·상담 기록을 센터 허브로 보내고, 다른 데스크에서 바뀐 내용과 게시된 지원사업 목록을 받습니다. 연결이 끊겨도 잃는 것은 없으며, 나중에 다시 동기화하면 됩니다.',
    "Sends this desk's merchants and consultations to the center hub and takes what other desks changed and the published catalogue. Nothing is lost when the connection drops: sync again later.",
  ],
  syncDetails: ['동기화 상태 / 허브 로그인', 'Sync status and hub sign-in'],
  syncNoHub: ['허브에 연결 안 됨', 'Not connected to a hub'],
  syncNever: ['아직 동기화 안 함', 'never synced'],
  syncLast: ['마지막 동기화', 'Last synced'],
  syncJustNow: ['방금', 'just now'],
  syncMinutesAgo: ['{n}분 전', '{n} min ago'],
  syncHoursAgo: ['{n}시간 전', '{n} h ago'],
  syncWaiting: ['보낼 변경 {n}건', '{n} changes waiting'],
  syncConflictsBadge: ['충돌 {n}건', '{n} conflicts'],
  syncWaitingLabel: ['보낼 변경', 'Changes waiting'],
  syncConflictsLabel: ['충돌', 'Conflicts'],
  syncSetAside: ['따로 둔 항목 {n}건', '{n} item(s) set aside'],
  syncSetAsideHint: [
    '허브에서 받았지만 이 데스크가 읽을 수 없는 항목입니다 (새 버전 데스크의 값 등). 동기화는 계속됩니다. 목록: onestop sync set-aside',
    'Received from the hub but unreadable on this desk (a newer desk\'s value, for instance). Sync goes on. List: onestop sync set-aside',
  ],
  syncCatalogueWaiting: ['게시 대기 지원사업', 'Programs waiting to be published'],
  syncCatalogueVersion: ['받은 지원사업 목록 버전', 'Catalogue version'],
  syncConnecting: ['허브에 연결 중…', 'Connecting to the hub…'],
  syncPushing: ['보내는 중 {done}/{total}', 'Sending {done}/{total}'],
  syncPulling: ['받는 중 ({n}건)', 'Receiving ({n})'],
  syncCatalogue: ['지원사업 목록 버전 {v} 받는 중', 'Taking catalogue version {v}'],
  syncDone: [
    '동기화 완료: 보냄 {pushed}건, 받음 {pulled}건',
    'Synced: {pushed} sent, {pulled} received',
  ],
  syncDoneConflicts: [', 새 충돌 {n}건', ', {n} new conflict(s)'],
  syncDoneDuplicates: [', 이미 보낸 변경 {n}건', ', {n} already on the hub'],
  syncDoneErased: [', 다른 데스크에서 삭제되어 버린 변경 {n}건', ', {n} dropped (erased on another desk)'],
  syncDoneSetAside: [', 읽을 수 없어 따로 둔 항목 {n}건', ', {n} unreadable item(s) set aside'],
  syncDoneCatalogue: [', 지원사업 목록 버전 {v} 받음', ', catalogue version {v} taken'],
  syncOpen: ['동기화 화면 열기', 'Open sync'],
  hubAddress: ['허브 주소', 'Hub address'],
  hubAccount: ['허브 계정', 'Hub account'],
  hubLogin: ['허브 로그인 ID', 'Hub login'],
  hubPassword: ['허브 비밀번호', 'Hub password'],
  hubSignIn: ['허브 로그인', 'Sign in to the hub'],
  hubSignInAgain: ['허브에 다시 로그인', 'Sign in to the hub again'],
  hubSignInHint: [
    '주소는 https:// 로 시작해야 합니다 (이 컴퓨터의 허브만 http 가능). 비밀번호는 저장하지 않고, 허브가 준 로그인 토큰만 암호화된 데이터에 보관합니다.',
    'The address must start with https:// (plain http only to a hub on this machine). The password is not stored; only the sign-in token the hub gives is kept, in the encrypted data.',
  ],
  hubSignedIn: ['허브에 로그인했습니다', 'Signed in to the hub'],
  hubSignedOut: ['허브에서 로그아웃했습니다. 보낼 변경은 그대로 남아 있습니다.', 'Signed out of the hub. Changes waiting stay here.'],
  hubSignOut: ['허브 로그아웃', 'Sign out of the hub'],
  hubValidUntil: ['로그인 유효 기간', 'Signed in until'],
  hubNotSignedIn: ['허브 로그인 필요', 'sign-in to the hub needed'],
  hubExpired: ['만료됨: 다시 로그인하세요', 'expired: sign in again'],
  publishTitle: ['지원사업 목록 게시', 'Publish the catalogue'],
  publishIntro: [
    '이 데스크의 지원사업 목록을 센터 전체에 게시합니다. 다른 데스크는 다음 동기화 때 받습니다.',
    "Publishes this desk's catalogue to the whole center; other desks take it on their next sync.",
  ],
  publishButton: ['지원사업 목록 게시', 'Publish catalogue'],
  publishedNote: ['버전 {v} 게시함 ({by}, {at})', 'Published version {v} ({by}, {at})'],
  publishManagersOnly: ['지원사업 목록 게시는 관리자만 할 수 있습니다.', 'Only managers publish the catalogue.'],
  conflictsTitle: ['충돌 (두 데스크가 다르게 고친 항목)', 'Conflicts (fields two desks changed differently)'],
  conflictsIntro: [
    '남길 값을 고르면 모든 데스크에 그 값이 적용됩니다.',
    'Choose the value to keep; every desk gets it.',
  ],
  noConflicts: ['충돌 없음', 'No conflicts'],
  conflictCurrent: ['이 데스크의 현재 값', 'Current value here'],
  conflictOther: ['다른 데스크의 값', "Another desk's value"],
  keepThis: ['이 값으로', 'Keep this'],
  conflictResolved: ['{merchant}: {field} 값을 정했습니다', '{merchant}: {field} settled'],
  valueEmpty: ['비어 있음', 'empty'],
  insured: ['고용보험 가입', 'insured'],
  notInsured: ['고용보험 미가입', 'not insured'],
  noFactory: ['등록 공장 없음', 'no registered factory'],
  // Dates typed as text (the webview's own date fields follow the process locale: 12/04/2026)
  dateFormat: ['YYYY-MM-DD 형식으로 입력하세요 (예: 2026-04-12)', 'Enter the date as YYYY-MM-DD (e.g. 2026-04-12)'],
  dateTimeFormat: [
    'YYYY-MM-DD HH:MM 형식으로 입력하세요 (예: 2026-04-12 14:30)',
    'Enter the date and time as YYYY-MM-DD HH:MM (e.g. 2026-04-12 14:30)',
  ],
  dateNoSuchDay: ['없는 날짜입니다 (월·일을 확인하세요)', 'There is no such date (check the month and day)'],
  dateRequired: ['날짜를 입력하세요 (YYYY-MM-DD)', 'Enter a date (YYYY-MM-DD)'],
  dateTimeRequired: ['일시를 입력하세요 (YYYY-MM-DD HH:MM)', 'Enter the date and time (YYYY-MM-DD HH:MM)'],
  // Editing a consultation: each save is a new version, the earlier ones are kept
  edit: ['수정', 'Edit'],
  editConsultation: ['상담 기록 수정', 'Edit consultation'],
  editingNote: [
    '버전 {version} 수정 중: 저장하면 새 버전(버전 {next})으로 남고, 이전 버전은 그대로 보관됩니다.',
    'Editing version {version}. Saving makes version {next}; the earlier versions are kept.',
  ],
  saveVersion: ['새 버전으로 저장', 'Save as a new version'],
  cancelEdit: ['수정 취소', 'Cancel editing'],
  savedVersion: ['저장했습니다 (버전 {n})', 'Saved (version {n})'],
  versionN: ['버전 {n}', 'version {n}'],
  showVersions: ['버전 기록 보기 ({n}개)', 'Version history ({n})'],
  hideVersions: ['버전 기록 닫기', 'Hide version history'],
  versionFirst: ['처음 저장', 'first saved'],
  versionChanged: ['바뀐 항목', 'changed'],
  versionNoChange: ['바뀐 항목 없음', 'nothing changed'],
  dueOn: ['기한', 'Due on'],
  followUpAction: ['할 일', 'Action'],
  referralStatus: ['연계 상태', 'Referral status'],
  program: ['지원사업', 'Program'],
  followUpDone: ['완료 여부', 'Done'],
} as const;

export type Key = keyof typeof dict;

const windows: Record<string, [string, string]> = {
  upcoming: ['접수 예정', 'upcoming'],
  open: ['접수 중', 'open'],
  closed: ['마감', 'closed'],
  unknown: ['접수 기간 확인 필요', 'window unknown'],
};
const verdicts: Record<string, [string, string]> = {
  eligible: ['해당', 'eligible'],
  unknown: ['정보 필요', 'needs information'],
  ineligible: ['해당 없음', 'not eligible'],
};

const channels: Record<string, [string, string]> = {
  counter: ['창구', 'counter'],
  visit: ['방문', 'visit'],
  phone: ['전화', 'phone'],
  online: ['온라인', 'online'],
};

// As the consultation summary (crates/core/src/report.rs, `referral_status`) words them.
const referralStatuses: Record<string, [string, string]> = {
  proposed: ['안내함', 'proposed'],
  referred: ['연계함', 'referred'],
  accepted: ['접수됨', 'accepted'],
  completed: ['완료', 'completed'],
  declined: ['거절됨', 'declined'],
};

const applicationStatuses: Record<string, [string, string]> = {
  preparing: ['준비', 'preparing'],
  applied: ['신청', 'applied'],
  selected: ['선정', 'selected'],
  rejected: ['탈락', 'rejected'],
  paid: ['지급·실행', 'paid'],
  closed: ['종료', 'closed'],
};
export const APPLICATION_STATUSES = Object.keys(applicationStatuses) as (
  'preparing' | 'applied' | 'selected' | 'rejected' | 'paid' | 'closed'
)[];

/** An application's status in the interface language. */
export function applicationStatusLabel(status: string): string {
  return applicationStatuses[status]?.[ui.lang === 'en' ? 1 : 0] ?? status;
}

const anchors: Record<string, [string, string]> = {
  applied: ['신청일', 'the application'],
  hired: ['채용일', 'the hire'],
  paid: ['지급·실행일', 'the payment'],
};

/** What a duty's date counts from, in the interface language. */
export function anchorLabel(anchor: string): string {
  return anchors[anchor]?.[ui.lang === 'en' ? 1 : 0] ?? anchor;
}

/** A referral's status in the interface language. */
export function referralStatusLabel(status: string): string {
  return referralStatuses[status]?.[ui.lang === 'en' ? 1 : 0] ?? status;
}

/** A consultation's topics: stored in Korean (as the CLI and the seed data have them). */
export const TOPICS: [string, string][] = [
  ['금융', 'finance'],
  ['경영', 'management'],
  ['법률', 'legal'],
  ['고용', 'employment'],
  ['판로', 'market'],
  ['디지털', 'digital'],
  ['창업', 'startup'],
  ['재기', 'restart'],
];

/** A stored topic in the interface language (a topic not in the list as it is). */
export function topicLabel(topic: string): string {
  const found = TOPICS.find(([ko]) => ko === topic);
  return found && ui.lang === 'en' ? found[1] : topic;
}

export function channelLabel(channel: string): string {
  return channels[channel]?.[ui.lang === 'en' ? 1 : 0] ?? channel;
}

export function windowLabel(status: string): string {
  return windows[status]?.[ui.lang === 'en' ? 1 : 0] ?? status;
}

export function verdictLabel(verdict: string): string {
  return verdicts[verdict]?.[ui.lang === 'en' ? 1 : 0] ?? verdict;
}

export function t(key: Key): string {
  return tl(key, ui.lang);
}

/** A label in a given language (for pure helpers that take the language). */
export function tl(key: Key, lang: Lang): string {
  return dict[key][lang === 'en' ? 1 : 0];
}

/** Put values into a template's `{name}` places; unknown places are left as they are. */
export function fill(template: string, vars: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}

/** A label with values, e.g. tf('erasedNotice', { id, consultations: 2, consents: 1 }). */
export function tf(key: Key, vars: Record<string, string | number>): string {
  return fill(t(key), vars);
}

const actions: Record<string, [string, string]> = {
  sign_in: ['로그인', 'sign-in'],
  view: ['열람', 'view'],
  change: ['변경', 'change'],
  export: ['내려받기', 'export'],
  print: ['인쇄', 'print'],
  erase: ['삭제', 'erase'],
};

/** An audit log action in the interface language. */
export function actionLabel(action: string): string {
  return actions[action]?.[ui.lang === 'en' ? 1 : 0] ?? action;
}

const recordKinds: Record<string, [string, string]> = {
  merchant: ['상담자', 'merchant'],
  consultation: ['상담 기록', 'consultation'],
  application: ['신청', 'application'],
  partner: ['연계 기관', 'partner'],
  visit: ['방문 일정', 'visit'],
  staff: ['직원', 'staff'],
  database: ['데이터', 'database'],
  report: ['보고서', 'report'],
  program: ['지원사업', 'program'],
  calls: ['연락 대상', 'whom to call'],
  search: ['검색', 'search'],
  setting: ['설정', 'setting'],
  catalogue: ['지원사업 목록', 'catalogue'],
};

/** What kind of record an audit line is about, in the interface language. */
export function recordKindLabel(kind: string): string {
  return recordKinds[kind]?.[ui.lang === 'en' ? 1 : 0] ?? kind;
}

export function roleLabel(role: string): string {
  return role === 'manager' ? t('roleManager') : role === 'staff' ? t('roleStaff') : role;
}

/** Labels of profile fields, shown on the form and in questions. */
const fields: Record<string, [string, string]> = {
  name: ['상호', 'Business name'],
  owner_name: ['대표자', 'Representative'],
  phone: ['전화번호', 'Phone'],
  business_registration_number: ['사업자등록번호', 'Business registration no.'],
  city: ['시·도', 'City / province'],
  district: ['자치구', 'District'],
  ksic_code: ['업종 (KSIC)', 'Sector (KSIC)'],
  full_time_workers: ['상시근로자 수', 'Full-time workers'],
  founded_on: ['개업일', 'Opened on'],
  closed_on: ['폐업(예정)일', 'Closed / closing on'],
  business_status: ['영업 상태', 'Business status'],
  previously_closed_on: ['이전 사업 폐업일', 'Earlier business closed on'],
  owner_birth_date: ['대표자 생년월일', "Owner's date of birth"],
  nonprofit: ['비영리단체', 'Non-profit'],
  annual_sales_krw: ['연 매출액(원)', 'Annual sales (KRW)'],
  new_hires: ['신규 채용', 'New hires'],
  factory_district: ['공장등록 소재 구', 'Registered factory district'],
  incubator_tenant: ['구립 창업보육센터 입주', 'District incubator tenant'],
  corporation: ['법인사업자', 'Incorporated'],
  venture_certified: ['벤처기업 확인', 'Certified venture'],
  innobiz_certified: ['이노비즈 인증', 'Inno-Biz certified'],
  mainbiz_certified: ['메인비즈 인증', 'Main-Biz certified'],
  women_owned: ['여성기업', 'Women-owned business'],
  disabled_owned: ['장애인기업', 'Disabled-owned business'],
  social_enterprise: ['사회적경제기업', 'Social enterprise'],
  research_lab: ['기업부설연구소', 'Corporate R&D lab'],
  exporter: ['수출 실적', 'Export record'],
  stage: ['사업 단계(직접 지정)', 'Stage (override)'],
};

export function fieldLabel(field: string): string {
  const f = fields[field.split(/[.[]/)[0]];
  return f ? f[ui.lang === 'en' ? 1 : 0] : field;
}
