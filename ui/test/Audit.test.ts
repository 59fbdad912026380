import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render, screen, waitFor } from '@testing-library/svelte';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import Audit from '../src/screens/Audit.svelte';
import { ui } from '../src/lib/i18n.svelte';
import type { AuditEntry } from '../src/bindings/AuditEntry';

afterEach(() => {
  cleanup();
  clearMocks();
  ui.lang = 'ko';
});

const line = (action: string, record_kind: string, record_id: string, detail: string): AuditEntry => ({
  at: '2026-04-12T10:31:02.123',
  staff: 'kim',
  action,
  record_kind,
  record_id,
  detail,
});

const rows = [
  line('change', 'consultation', 'c1', 'version 2'),
  line('change', 'merchant', 'm1', 'consent recorded'),
  line('export', 'merchant', 'm1', 'personal data export'),
  line('erase', 'merchant', 'm2', 'erased on request with 1 consultation(s)'),
  line('view', 'search', '*', 'search: 1 merchant(s), 2 consultation(s)'),
  line('view', 'merchant', '*', 'sync conflicts: 3'),
  line('print', 'consultation', 'c1', 'summary PDF'),
  line('change', 'setting', 'lang', 'changed'),
  line('view', 'merchant', 'm1', 'likely duplicate'),
  line('change', 'merchant', 'm1', 'a detail from a newer desk'),
];

describe('the audit log', () => {
  it('shows each detail in Korean, the stored text kept as the title', async () => {
    mockIPC((cmd) => {
      if (cmd === 'audit_log') return rows;
      throw { code: 'unexpected', message: cmd };
    });
    render(Audit, {});
    await screen.findByTestId('audit-log');
    const cells = screen.getAllByTestId('audit-detail');
    expect(cells.map((c) => c.textContent)).toEqual([
      '버전 2 저장',
      '동의서 기록',
      '개인정보 내려받기',
      '요청에 따라 삭제 (상담 기록 1건)',
      '검색: 상담자 1건, 상담 기록 2건',
      '동기화 충돌 3건',
      '상담 결과 안내 PDF',
      '변경',
      '중복 의심 상담자 확인',
      'a detail from a newer desk',
    ]);
    expect(cells.map((c) => c.title)).toEqual(rows.map((r) => r.detail));
    const table = screen.getByTestId('audit-log').textContent!;
    expect(table).toContain('2026-04-12 10:31:02');
    expect(table).toContain('검색');
    expect(table).toContain('설정');
  });

  it('follows a change of language', async () => {
    mockIPC(() => rows.slice(0, 1));
    render(Audit, {});
    await screen.findByTestId('audit-log');
    expect(screen.getByTestId('audit-detail').textContent).toBe('버전 2 저장');
    ui.lang = 'en';
    await waitFor(() => expect(screen.getByTestId('audit-detail').textContent).toBe('version 2'));
  });
});
