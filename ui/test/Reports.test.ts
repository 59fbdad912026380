import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import Reports from '../src/screens/Reports.svelte';

afterEach(() => {
  cleanup();
  clearMocks();
});

describe('the Reports screen', () => {
  it("shows what came of the advice in Korean once the period's report is made", async () => {
    const asked: string[] = [];
    mockIPC((cmd) => {
      asked.push(cmd);
      if (cmd === 'save_period_report') return { pdf: '/tmp/period.pdf', csv: '/tmp/period.csv' };
      if (cmd === 'period_results')
        return {
          applications_by_status: [['paid', 3], ['rejected', 1]],
          obtained_by_kind: [['guarantee', 2, 50000000]],
          referrals_by_partner: [['서울신용보증재단', 'completed', 2, 50000000]],
          overdue_duties_by_counselor: [['김상담', 4]],
        };
      throw { code: 'unexpected', message: cmd };
    });
    render(Reports);
    await fireEvent.click(screen.getByTestId('make-report'));
    const results = await waitFor(() => screen.getByTestId('period-results'));
    const text = results.textContent ?? '';
    for (const words of ['지급·실행', '탈락', '보증 (2)', '50,000,000원', '서울신용보증재단 — ', '김상담: 4']) {
      expect(text).toContain(words);
    }
    expect(asked).toEqual(['save_period_report', 'period_results']);
  });
});
