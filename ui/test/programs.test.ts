import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import ProgramEditor from '../src/screens/ProgramEditor.svelte';
import CatalogueImport from '../src/screens/CatalogueImport.svelte';
import { blankCriterion, blankProgram, criterionIndex, linesToL10n, words } from '../src/lib/programs';
import type { Program } from '../src/bindings/Program';

afterEach(() => {
  cleanup();
  clearMocks();
});

describe('program helpers', () => {
  it('reads lines, words and the criterion an error names', () => {
    expect(linesToL10n('가\n\n나', 'a')).toEqual([
      { ko: '가', en: 'a' },
      { ko: '나', en: '나' },
    ]);
    expect(words('광진구, 성동구  중구')).toEqual(['광진구', '성동구', '중구']);
    expect(criterionIndex('invalid criteria[3].max "2": must be above min 5')).toBe(3);
    expect(criterionIndex('invalid kinds "[]"')).toBeNull();
    expect(blankCriterion('any_of')).toMatchObject({ type: 'any_of', criteria: [{ type: 'small_business' }, { type: 'declared' }] });
    expect(blankProgram('2026-11-21').source.dated).toBe('2026-11-21');
  });
});

function program(): Program {
  return {
    ...blankProgram('2026-11'),
    id: 'gwangjin-2026-market-signage',
    name: { ko: '간판 개선', en: 'Signage' },
    kinds: ['grant'],
    provider: { ko: '광진구', en: 'Gwangjin-gu' },
    criteria: [{ type: 'headcount', min: null, max_exclusive: 5 }],
    benefits: [{ text: { ko: '최대 200만원', en: 'up to KRW 2M' }, amount_krw: 2000000 }],
  };
}

describe('ProgramEditor', () => {
  it('shows the Rust check on the criterion it names, and saves the edited program', async () => {
    const saved: Program[] = [];
    mockIPC((cmd, args) => {
      const p = (args as { program: Program }).program;
      if (cmd === 'check_program') {
        const c = p.criteria[0] as { min?: number | null; max_exclusive?: number | null };
        if ((c.min ?? 0) >= (c.max_exclusive ?? Infinity)) {
          throw { code: 'invalid_input', message: `invalid criteria[0].max_exclusive "${c.max_exclusive}": must be above min ${c.min}` };
        }
        return null;
      }
      if (cmd === 'edit_program') {
        saved.push(p);
        return p;
      }
      throw new Error(`unexpected ${cmd}`);
    });
    let done: Program | null = null;
    render(ProgramEditor, { initial: program(), creating: false, locked: false, onsaved: (p: Program) => (done = p), oncancel: () => {} });
    const [min] = screen.getAllByRole('spinbutton');
    await fireEvent.input(min, { target: { value: '7' } });
    const problem = await screen.findByTestId('program-problem');
    expect(problem.textContent).toContain('criteria[0].max_exclusive');
    expect(document.querySelector('[data-criterion="0"]')!.classList.contains('bad')).toBe(true);
    await fireEvent.click(screen.getByTestId('save-program'));
    expect(saved).toHaveLength(0);

    await fireEvent.input(min, { target: { value: '1' } });
    await waitFor(() => expect(screen.queryByTestId('program-problem')).toBeNull());
    await fireEvent.click(screen.getByTestId('save-program'));
    await waitFor(() => expect(done).not.toBeNull());
    expect(saved[0].criteria).toEqual([{ type: 'headcount', min: 1, max_exclusive: 5 }]);
    expect(saved[0].benefits[0].amount_krw, 'amounts of kept benefit lines survive').toBe(2000000);
  });

  it('an imported program keeps its own fields read-only; its criteria stay editable', async () => {
    mockIPC(() => null);
    render(ProgramEditor, { initial: program(), creating: false, locked: true, onsaved: () => {}, oncancel: () => {} });
    expect(screen.getByTestId('locked-note')).toBeTruthy();
    expect((document.querySelector('input[name="name_ko"]') as HTMLInputElement).closest('fieldset')!.disabled).toBe(true);
    expect(screen.getByTestId('add-criterion')).toBeTruthy();
  });
});

describe('CatalogueImport', () => {
  it('streams progress from the channel and shows the counts and rejections', async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => (release = r));
    mockIPC(async (cmd, args) => {
      if (cmd === 'get_feed_settings') return { url: 'https://www.bizinfo.go.kr/uss/rss/bizinfoApi.do', key: '', hashtags: '' };
      if (cmd === 'import_feed_url') {
        const a = args as { feed: { key: string }; on_progress: { onmessage: (p: unknown) => void } };
        expect(a.feed.key).toBe('KEY');
        a.on_progress.onmessage({ phase: 'fetched', page: 2, pages: 15, notices: 200 });
        await gate;
        return { imported: 3, updated: 1, unchanged: 0, rejected: 1, rejections: [{ id: 'PBLN_1', reason: 'no title (pblancNm)' }] };
      }
      throw new Error(`unexpected ${cmd}`);
    });
    let reloaded = 0;
    render(CatalogueImport, { onimported: () => reloaded++ });
    await waitFor(() => expect((document.querySelector('input[name="feed_url"]') as HTMLInputElement).value).toContain('bizinfo'));
    await fireEvent.input(document.querySelector('input[name="feed_key"]')!, { target: { value: 'KEY' } });
    await fireEvent.click(screen.getByTestId('fetch-feed'));
    expect((await screen.findByTestId('import-progress')).textContent).toContain('2/15');
    release();
    const summary = await screen.findByTestId('import-summary');
    expect(summary.textContent).toContain('새로 3건');
    expect(document.body.textContent).toContain('PBLN_1: no title (pblancNm)');
    expect(reloaded).toBe(1);
  });
});
