import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import Matches from '../src/screens/Matches.svelte';

afterEach(() => {
  cleanup();
  clearMocks();
});

const merchant = { id: 'm1', profile: { name: '광진 커피', district: '광진구', city: '서울특별시' }, created_at: '', updated_at: '' };

function view(workers: number | null) {
  const verdict = workers === null ? 'unknown' : 'eligible';
  return {
    merchant_id: 'm1',
    as_of: '2023-05-02',
    stage: { stage: 'startup', basis: { ko: '개업 2년', en: 'open 2 years' }, overridden: false },
    questions: workers === null ? [{ fact: 'full_time_workers', text: { ko: '상시근로자는 몇 명입니까?', en: 'How many?' }, programs: 4 }] : [],
    items: [
      {
        name: { ko: '광진구 법률 상담', en: 'Gwangjin legal advice' },
        kinds: ['legal'],
        source: 'bundled',
        group: workers === null ? 'needs_info' : 'eligible',
        match: {
          program_id: 'gwangjin-onestop-legal-advice',
          verdict,
          window: 'open',
          earliest_application_on: null,
          reasons: [{ criterion: 'small_business', outcome: workers === null ? 'unknown' : 'pass', ko: '상시근로자', en: 'workers', source: '003.txt' }],
          missing: workers === null ? ['full_time_workers'] : [],
          to_confirm: [],
        },
        complete: true,
      },
    ],
  };
}

const reason = (outcome: string, ko: string) => ({ criterion: 'location', outcome, ko, en: ko, source: '003.txt', missing: [] });

/** A city catalogue: `n` programs ruled out, each sent with its deciding reason only. */
function ruledOut(n: number) {
  return {
    merchant_id: 'm1',
    as_of: '2023-05-02',
    stage: { stage: 'startup', basis: { ko: '', en: '' }, overridden: false },
    questions: [],
    items: Array.from({ length: n }, (_, i) => ({
      name: { ko: `사업 ${i}`, en: `Program ${i}` },
      kinds: ['grant'],
      source: 'bizinfo',
      group: 'ineligible',
      match: {
        program_id: `gen-${String(i).padStart(5, '0')}`,
        verdict: 'ineligible',
        window: 'open',
        earliest_application_on: null,
        reasons: [reason('fail', `지역 불일치 ${i}`)],
        missing: [],
        to_confirm: [],
      },
      complete: false,
    })),
  };
}

describe('Matches', () => {
  it('answering a missing fact saves the profile and re-matches at once', async () => {
    let workers: number | null = null;
    const updates: unknown[] = [];
    mockIPC((cmd, args) => {
      const a = args as Record<string, unknown>;
      if (cmd === 'seoul_districts') return [];
      if (cmd === 'match_merchant') return view(workers);
      if (cmd === 'update_merchant') {
        updates.push(a.profile);
        workers = (a.profile as { full_time_workers: number }).full_time_workers;
        return { ...merchant, profile: a.profile };
      }
      throw { code: 'unexpected', message: cmd };
    });
    render(Matches, { merchant, onchanged: () => {} });
    await screen.findByText('상시근로자는 몇 명입니까?', { exact: false });
    expect(document.querySelector('[data-verdict="unknown"] [data-program]')).not.toBeNull();
    const input = document.querySelector('form[data-fact="full_time_workers"] input') as HTMLInputElement;
    await fireEvent.input(input, { target: { value: '3' } });
    await fireEvent.submit(input.form as HTMLFormElement);
    await waitFor(() => expect(document.querySelector('[data-verdict="eligible"] [data-program]')).not.toBeNull());
    expect(updates).toEqual([{ name: '광진 커피', district: '광진구', city: '서울특별시', full_time_workers: 3 }]);
    expect(document.querySelector('[data-testid="questions"]')).toBeNull();
  });

  it('lists a long group a page at a time and fetches every reason of a ruled-out program when opened', async () => {
    const asked: unknown[] = [];
    mockIPC((cmd, args) => {
      const a = args as Record<string, unknown>;
      if (cmd === 'seoul_districts') return [];
      if (cmd === 'match_merchant') return ruledOut(250);
      if (cmd === 'explain_match') {
        asked.push(a.program_id);
        return { ...ruledOut(1).items[0].match, program_id: a.program_id, reasons: [reason('fail', '지역 불일치 0'), reason('pass', '업종 충족')] };
      }
      throw { code: 'unexpected', message: cmd };
    });
    render(Matches, { merchant, onchanged: () => {} });
    await screen.findByText('사업 0', { exact: false });
    const rows = () => document.querySelectorAll('[data-verdict="ineligible"] [data-program]').length;
    expect(rows()).toBe(100);
    await fireEvent.click(screen.getByTestId('show-more'));
    expect(rows()).toBe(250);
    expect(screen.queryByTestId('show-more')).toBeNull();
    await fireEvent.click(screen.getByText('사업 0', { exact: false }));
    await screen.findByText('업종 충족', { exact: false });
    expect(asked).toEqual(['gen-00000']);
    // Closing and opening again does not ask again.
    await fireEvent.click(screen.getByText('사업 0', { exact: false }));
    await fireEvent.click(screen.getByText('사업 0', { exact: false }));
    expect(asked).toEqual(['gen-00000']);
  });

  it('sets closed programs apart, never under eligible, and filters by kind and source with counts', async () => {
    const v = view(3);
    const closed = structuredClone(v.items[0]);
    closed.name = { ko: '2021 재택근무 바우처', en: '2021 telework voucher' };
    closed.kinds = ['voucher'];
    closed.group = 'closed';
    closed.match = { ...closed.match, program_id: 'seoul-2021-telework-voucher', window: 'closed' };
    const imported = structuredClone(v.items[0]);
    imported.name = { ko: '기업마당 공고', en: 'Bizinfo notice' };
    imported.kinds = ['grant'];
    imported.source = 'bizinfo';
    imported.match = { ...imported.match, program_id: 'bizinfo-x' };
    v.items.push(closed, imported);
    mockIPC((cmd) => {
      if (cmd === 'seoul_districts') return [];
      if (cmd === 'match_merchant') return v;
      throw { code: 'unexpected', message: cmd };
    });
    render(Matches, { merchant, onchanged: () => {} });
    await screen.findByText('기업마당 공고', { exact: false });
    const inGroup = (g: string) => [...document.querySelectorAll(`[data-group="${g}"] [data-program]`)].map((e) => e.getAttribute('data-program'));
    expect(inGroup('eligible')).toEqual(['gwangjin-onestop-legal-advice', 'bizinfo-x']);
    expect(inGroup('closed')).toEqual(['seoul-2021-telework-voucher']);
    expect(document.querySelector('[data-testid="closed-programs"]')?.hasAttribute('open')).toBe(false);
    expect(screen.getByTestId('group-counts').textContent).toContain('접수 마감 1');
    await fireEvent.change(screen.getByTestId('source-filter'), { target: { value: 'bizinfo' } });
    expect(inGroup('eligible')).toEqual(['bizinfo-x']);
    expect(screen.getByTestId('group-counts').textContent).toContain('해당 1');
    await fireEvent.change(screen.getByTestId('source-filter'), { target: { value: '' } });
    await fireEvent.change(screen.getByTestId('kind-filter'), { target: { value: 'legal' } });
    expect(inGroup('eligible')).toEqual(['gwangjin-onestop-legal-advice']);
  });
});
