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
  print: ['인쇄 / PDF 저장', 'Print / Save PDF'],
  withoutNotes: ['내부 메모 제외', 'Leave internal notes out'],
  savedTo: ['저장한 파일', 'Saved to'],
  from: ['시작일', 'From'],
  to: ['종료일', 'To'],
  makeReport: ['보고서 만들기 (PDF·CSV)', 'Make report (PDF and CSV)'],
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
  return dict[key][ui.lang === 'en' ? 1 : 0];
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
  stage: ['사업 단계(직접 지정)', 'Stage (override)'],
};

export function fieldLabel(field: string): string {
  const f = fields[field.split(/[.[]/)[0]];
  return f ? f[ui.lang === 'en' ? 1 : 0] : field;
}
