/// <reference types="vite/client" />
import { describe, expect, it } from 'vitest';
import { auditDetail } from '../src/lib/auditDetail';

const hangul = /[가-힣]/;

describe('audit details in the interface language', () => {
  it('words every detail the Rust side writes, numbers and names kept', () => {
    const cases: [string, string][] = [
      ['created', '새로 등록'],
      ['updated', '수정'],
      ['version 2', '버전 2 저장'],
      ['version 12', '버전 12 저장'],
      ['consent recorded', '동의서 기록'],
      ['personal data export', '개인정보 내려받기'],
      ['erased on request with 3 consultation(s)', '요청에 따라 삭제 (상담 기록 3건)'],
      ['erased on another desk (0 consultation(s)), received by sync', '다른 데스크에서 삭제 (상담 기록 0건), 동기화로 받음'],
      ['likely duplicate', '중복 의심 상담자 확인'],
      ['search: 2 merchant(s), 5 consultation(s)', '검색: 상담자 2건, 상담 기록 5건'],
      ['sync conflicts: 4', '동기화 충돌 4건'],
      ['summary PDF', '상담 결과 안내 PDF'],
      ['changed', '변경'],
      ['1 consultation(s)', '상담 기록 1건'],
      ['list of 40', '목록 40건'],
      ['imported: 5 new, 1 updated, 0 unchanged, 2 rejected', '가져오기: 새로 5건, 변경 1건, 그대로 0건, 제외 2건'],
      ['desk signed in to the hub as desk1', '데스크가 허브에 로그인 (desk1)'],
      ['role manager', '권한 변경: 관리자'],
      ['failed: wrong PIN', '로그인 실패: PIN 틀림'],
      ['failed: not on the staff list', '로그인 실패: 직원 목록에 없음'],
      ['failed: something new', '로그인 실패: something new'],
      ['2 new program(s), 7 merchant(s) listed', '새 지원사업 2건, 연락 대상 상담자 7명'],
      [
        'desk pointed at the hub https://hub.example.kr (was -); pulling from the start',
        '데스크의 허브를 https://hub.example.kr(으)로 변경 (이전: -), 처음부터 다시 받음',
      ],
    ];
    for (const [stored, shown] of cases) expect(auditDetail(stored, 'ko'), stored).toBe(shown);
  });

  it('words the application lines (their details are composed in journal/mod.rs and core/src/applications.rs)', () => {
    expect(auditDetail('created for program seoul-2023-employment-incentive (applied)', 'ko')).toBe('새로 등록 (진행 상태 신청)');
    expect(auditDetail('version 3: status selected', 'ko')).toBe('버전 3: 진행 상태 선정');
    expect(auditDetail('version 2: changed', 'ko')).toBe('버전 2: 수정');
    expect(auditDetail('version 4: duty 2 moved to 2023-07-05', 'ko')).toBe('버전 4: 의무 2번 날짜를 2023-07-05(으)로 변경');
    expect(auditDetail('version 5: duty 3 done', 'ko')).toBe('버전 5: 의무 3번 완료');
    expect(auditDetail('version 6: duty 3 not done', 'ko')).toBe('버전 6: 의무 3번 완료 취소');
  });

  it('shows an unknown detail, an empty one and the English interface as stored', () => {
    expect(auditDetail('something the desk of tomorrow writes', 'ko')).toBe('something the desk of tomorrow writes');
    expect(auditDetail('', 'ko')).toBe('');
    expect(auditDetail('version 2', 'en')).toBe('version 2');
    expect(auditDetail('version 2x', 'ko')).toBe('version 2x');
    expect(auditDetail('toString', 'ko')).toBe('toString');
  });

  // The details as the Rust sources write them: literals where an audit line takes its detail,
  // and format! templates (a `{…}` place filled with a number). A new detail without a wording
  // here fails this test.
  const sources = import.meta.glob(['../../crates/core/src/**/*.rs', '../../crates/store/src/**/*.rs'], {
    query: '?raw',
    import: 'default',
    eager: true,
  }) as Record<string, string>;

  function writtenDetails(): Set<string> {
    const lit = '"((?:[^"\\\\]|\\\\.)*)"';
    const forms = [
      `detail: ${lit}`,
      `detail: &format!\\(${lit}`,
      `change: ${lit}`,
      `put_staff\\(&m, ${lit}\\)`,
      `put_staff\\(&m, if \\w+ \\{ ${lit} \\} else \\{ ${lit} \\}\\)`,
      `put_staff\\(&m, &format!\\(${lit}`,
      `set_mark\\([^;]*?, ${lit}\\)`,
      `let (?:detail|change) = if \\w+ \\{ ${lit}(?:\\.to_string\\(\\))? \\} else \\{ (?:${lit}|format!\\(${lit})`,
      `let detail = format!\\(\\s*${lit}`,
      `log\\("\\w+", "\\w+", [^,]+, (?:if \\w+ \\{ ${lit} \\} else \\{ ${lit} \\}|${lit}|&format!\\(${lit})`,
      `Erasure::\\w+(?: \\| Erasure::\\w+)* => \\{?\\s*format!\\(\\s*${lit}`,
    ];
    const found = new Set<string>();
    for (const text of Object.values(sources)) {
      for (const form of forms) {
        for (const m of text.matchAll(new RegExp(form, 'g'))) {
          for (const g of m.slice(1)) if (g !== undefined) found.add(g);
        }
      }
      // Why a sign-in failed: logged as `failed: {why}`.
      for (const m of text.matchAll(/(?:why: |note_failure\(\w+, )"([^"]*)"/g)) found.add(`failed: ${m[1]}`);
    }
    found.delete('');
    return new Set([...found].map((d) => d.replace(/\{[^}]*\}/g, '7')));
  }

  it('has a wording for every detail found in the Rust sources', () => {
    expect(Object.keys(sources).length).toBeGreaterThan(20);
    const details = writtenDetails();
    // The scan finds what it should (it would pass by finding nothing otherwise).
    for (const d of ['version 7', 'consent recorded', 'erased on request with 7 consultation(s)', 'search: 7 merchant(s), 7 consultation(s)', 'sync conflicts: 7', 'new PIN; enabled', 'failed: wrong PIN', 'marked seen', 'list of 7', 'imported: 7 new, 7 updated, 7 unchanged, 7 rejected', '7 merchant(s) and 7 consultation version(s) from before sync queued for the hub']) {
      expect(details, d).toContain(d);
    }
    expect(details.size).toBeGreaterThan(45);
    const unworded = [...details].filter((d) => !hangul.test(auditDetail(d, 'ko')));
    expect(unworded).toEqual([]);
  });
});
