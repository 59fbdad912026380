// Pure helpers for the catalogue editor: criterion types with blank values, lines of bilingual
// text, a blank program, and reading a validation error's path.
import type { Criterion } from '../bindings/Criterion';
import type { Kind } from '../bindings/Kind';
import type { L10n } from '../bindings/L10n';
import type { Program } from '../bindings/Program';
import type { Stage } from '../bindings/Stage';
import type { SizeClass } from '../bindings/SizeClass';
import type { Attribute } from '../bindings/Attribute';

export type CriterionType = Criterion['type'];

/** Every criterion type with its label; `declared` and `all_of` only inside any_of. */
export const CRITERION_TYPES: [CriterionType, string, string][] = [
  ['location', '소재지', 'location'],
  ['sector', '업종 (KSIC)', 'sector (KSIC)'],
  ['excluded_sectors', '제외 업종 목록 (정책자금 융자제외 등)', 'published exclusion list (policy funds…)'],
  ['small_business', '소상공인 (상시근로자 기준)', 'small business (headcount rule)'],
  ['headcount', '상시근로자 수', 'full-time workers'],
  ['owner_age', '대표자 나이', "owner's age"],
  ['business_age', '업력 (년)', 'years in business'],
  ['stage', '사업 단계', 'stage'],
  ['not_nonprofit', '비영리단체 제외', 'not a non-profit'],
  ['registered', '사업자등록', 'registered business'],
  ['operating', '영업 중', 'operating'],
  ['annual_sales', '연 매출 상한', 'annual sales ceiling'],
  ['new_hire', '신규 채용', 'new hire'],
  ['factory_in', '공장등록 소재 구', 'factory registered in'],
  ['incubator_tenant', '구립 창업보육센터 입주', 'incubator tenant'],
  ['size', '기업 규모 (소기업·중소·중견)', 'size class (small, SME, mid-sized)'],
  ['pre_startup', '예비창업자 (사업 개시 전)', 'would-be founder (no business yet)'],
  ['attribute', '인증·기업 형태', 'certification / legal form'],
  ['from_notice', '공고문에서 읽은 조건', 'read from the notice'],
  ['any_of', '다음 중 하나', 'any of'],
  ['all_of', '다음 모두 (하나의 경로)', 'all of (one route)'],
  ['declared', '신청인 확인 사항', 'declared by the applicant'],
  ['unstructured', '공고 문구 (판단 불가)', 'notice wording (cannot be checked)'],
];

export const KINDS: [Kind, string, string][] = [
  ['grant', '지원금·보조금', 'grant / subsidy'],
  ['loan', '융자', 'loan'],
  ['guarantee', '보증', 'guarantee'],
  ['voucher', '바우처', 'voucher'],
  ['consulting', '경영 컨설팅', 'consulting'],
  ['legal', '법률 상담', 'legal'],
  ['employment', '고용·인력', 'employment'],
  ['training', '교육', 'training'],
  ['market_expansion', '판로·수출', 'market expansion'],
  ['digital', '디지털', 'digital'],
];

export const SIZE_CLASSES: [SizeClass, string, string][] = [
  ['micro', '소상공인', 'small business (micro)'],
  ['small', '소기업', 'small enterprise'],
  ['medium', '중소기업', 'SME'],
  ['mid_cap', '중소·중견기업', 'SME or mid-sized'],
];

export const ATTRIBUTES: [Attribute, string, string][] = [
  ['corporation', '법인사업자', 'incorporated'],
  ['venture_certified', '벤처기업 확인', 'certified venture'],
  ['innobiz_certified', '이노비즈 인증', 'Inno-Biz'],
  ['mainbiz_certified', '메인비즈 인증', 'Main-Biz'],
  ['women_owned', '여성기업', 'women-owned'],
  ['disabled_owned', '장애인기업', 'disabled-owned'],
  ['social_enterprise', '사회적경제기업', 'social enterprise'],
  ['research_lab', '기업부설연구소', 'corporate R&D lab'],
  ['exporter', '수출 실적', 'export record'],
];

export const STAGES: [Stage, string, string][] = [
  ['pre_startup', '예비창업', 'pre-startup'],
  ['startup', '창업', 'startup'],
  ['growth', '성장', 'growth'],
  ['restart', '재기', 'restart'],
];

/** Where a program comes from, and why a version of it was saved (one table: a version's
 *  first reason is its origin). */
const ORIGINS_AND_REASONS: Record<string, [string, string]> = {
  bundled: ['기본 제공', 'bundled'],
  bizinfo: ['기업마당', 'Bizinfo'],
  kstartup: ['K-Startup', 'K-Startup'],
  onestop: ['카탈로그 파일', 'catalogue file'],
  staff: ['직접 등록', 'staff entry'],
  import: ['가져옴', 'imported'],
  'import-update': ['원본 변경 반영', 'updated from source'],
  create: ['직접 등록', 'created'],
  edit: ['수정', 'edited'],
  retire: ['폐지', 'retired'],
  restore: ['복원', 'restored'],
};

export function originLabel(key: string, lang: string): string {
  return ORIGINS_AND_REASONS[key]?.[lang === 'en' ? 1 : 0] ?? key;
}

/** A new criterion of a type, with the values a person would start from. */
export function blankCriterion(type: CriterionType): Criterion {
  switch (type) {
    case 'location':
      return { type, city: '서울특별시', districts: [] };
    case 'sector':
      return { type, include: [], exclude: [] };
    case 'excluded_sectors':
      return { type, list: 'mss_policy_fund_exclusions' };
    case 'headcount':
      return { type, min: null, max_exclusive: 5 };
    case 'owner_age':
      return { type, min: null, max: 39 };
    case 'business_age':
      return { type, min_years: null, max_years_exclusive: 3 };
    case 'stage':
      return { type, any_of: ['startup'] };
    case 'annual_sales':
      return { type, max_krw: 1_000_000_000 };
    case 'new_hire':
      return { type, from: '', to: '', employment_insurance: true, min_months: 0 };
    case 'factory_in':
      return { type, districts: [] };
    case 'size':
      return { type, at_most: 'medium' };
    case 'attribute':
      return { type, attribute: 'venture_certified', has: true };
    case 'from_notice':
      return { type, words: '', criterion: { type: 'small_business' } };
    case 'any_of':
      return { type, criteria: [{ type: 'small_business' }, { type: 'declared', text: { ko: '', en: '' } }] };
    case 'all_of':
      return { type, criteria: [{ type: 'location', city: '서울특별시', districts: [] }, { type: 'small_business' }] };
    case 'declared':
    case 'unstructured':
      return { type, text: { ko: '', en: '' } };
    default:
      return { type } as Criterion;
  }
}

/** Bilingual lines as two texts, one line per item. */
export function l10nToLines(items: L10n[]): { ko: string; en: string } {
  return { ko: items.map((i) => i.ko).join('\n'), en: items.map((i) => i.en).join('\n') };
}

/** Two texts back to items: blank Korean lines are dropped; a missing English line repeats
 *  the Korean so the English screen still shows something. */
export function linesToL10n(ko: string, en: string): L10n[] {
  const kos = ko.split('\n');
  const ens = en.split('\n');
  const out: L10n[] = [];
  kos.forEach((k, i) => {
    if (!k.trim()) return;
    const e = (ens[i] ?? '').trim();
    out.push({ ko: k.trim(), en: e || k.trim() });
  });
  return out;
}

/** Comma- or space-separated words (district names, KSIC codes) as a list. */
export function words(text: string): string[] {
  return text
    .split(/[,\s]+/)
    .map((w) => w.trim())
    .filter((w) => w.length > 0);
}

/** A program with nothing in it yet but today's date as its source date. */
export function blankProgram(today: string): Program {
  return {
    id: '',
    name: { ko: '', en: '' },
    kinds: [],
    provider: { ko: '', en: '' },
    stages: [],
    summary: { ko: '', en: '' },
    benefits: [],
    criteria: [],
    to_confirm: [],
    exclusions: [],
    window: {},
    apply: { methods: [], documents: [] },
    timeline: [],
    source: { file: null, url: null, dated: today },
  };
}

/** The criterion index an error names (`criteria[2].max` → 2), or null. */
export function criterionIndex(message: string): number | null {
  const m = /criteria\[(\d+)\]/.exec(message);
  return m ? Number(m[1]) : null;
}

/** A changed value as a short text for the history view. */
export function showValue(v: unknown): string {
  if (v === undefined || v === null) return '—';
  if (typeof v === 'string') return v;
  return JSON.stringify(v);
}
