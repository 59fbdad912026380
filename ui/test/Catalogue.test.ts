import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import Catalogue from '../src/screens/Catalogue.svelte';
import type { ProgramItem } from '../src/bindings/ProgramItem';

beforeAll(() => {
  // jsdom has no layout: the list's height is 0, and bind:clientHeight needs ResizeObserver.
  globalThis.ResizeObserver ??= class {
    observe() {}
    unobserve() {}
    disconnect() {}
  } as unknown as typeof ResizeObserver;
});

afterEach(() => {
  cleanup();
  clearMocks();
});

const items: ProgramItem[] = Array.from({ length: 10000 }, (_, i) => ({
  id: `gen-${String(i).padStart(5, '0')}`,
  name: { ko: `지원사업 ${i}`, en: `Program ${i}` },
  kinds: ['grant'],
  provider: { ko: '광진구청', en: 'Gwangjin-gu Office' },
  retired: i % 50 === 0,
  origin: i % 2 ? 'bizinfo' : 'kstartup',
}));

describe('the catalogue list', () => {
  it('holds ten thousand programs but puts only the rows in view in the page', async () => {
    const filters: unknown[] = [];
    mockIPC((cmd, args) => {
      if (cmd === 'list_programs') {
        filters.push((args as { filter: unknown }).filter);
        return items;
      }
      throw { code: 'unexpected', message: cmd };
    });
    render(Catalogue, { programId: null });
    const list = screen.getByTestId('program-list');
    await waitFor(() => expect(list.dataset.count).toBe('10000'));
    expect(screen.getByTestId('program-count').textContent).toContain('10,000');
    const rows = list.querySelectorAll('li');
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.length).toBeLessThan(100);
    expect(list.querySelector('[data-program="gen-00000"]')).not.toBeNull();
    expect(list.querySelector('[data-program="gen-05000"]')).toBeNull();

    // Scrolled half-way, the rows there are in the page and the first ones are not.
    Object.defineProperty(list, 'scrollTop', { configurable: true, value: 58 * 5000 });
    await fireEvent.scroll(list);
    await waitFor(() => expect(list.querySelector('[data-program="gen-05000"]')).not.toBeNull());
    expect(list.querySelector('[data-program="gen-00000"]')).toBeNull();
    expect(list.querySelectorAll('li').length).toBeLessThan(100);
    expect(filters).toEqual([{ kind: null, stage: null, provider: null, open_on: null, include_retired: false, origin: null }]);
    // Choosing a source asks for that source's programs.
    await fireEvent.change(screen.getByTestId('origin-filter'), { target: { value: 'kstartup' } });
    await waitFor(() => expect(filters.length).toBe(2));
    expect(filters[1]).toMatchObject({ origin: 'kstartup' });
  });
});

describe('Korean-only titles', () => {
  it('marks in the English screens a title the source gives in Korean only, and no other', async () => {
    const { ui } = await import('../src/lib/i18n.svelte');
    const { koreanOnly, pick } = await import('../src/lib/format');
    expect(koreanOnly({ ko: '판로 지원', en: '판로 지원' })).toBe(true);
    expect(koreanOnly({ ko: '판로 지원', en: '' })).toBe(true);
    expect(koreanOnly({ ko: 'K-Startup', en: 'K-Startup' })).toBe(false);
    expect(pick({ ko: '판로 지원', en: '' }, 'en')).toBe('판로 지원');
    const two: ProgramItem[] = [
      { ...items[1], id: 'bizinfo-1', name: { ko: '2026년 온라인 판로 지원', en: '2026년 온라인 판로 지원' } },
      { ...items[3], id: 'seoul-1', name: { ko: '고용 장려금', en: 'Employment incentive' } },
    ];
    mockIPC((cmd) => {
      if (cmd === 'list_programs') return two;
      throw { code: 'unexpected', message: cmd };
    });
    ui.lang = 'en';
    try {
      render(Catalogue, { programId: null });
      const list = screen.getByTestId('program-list');
      await waitFor(() => expect(list.dataset.count).toBe('2'));
      const imported = list.querySelector('[data-program="bizinfo-1"]')!.closest('li')!;
      const bundled = list.querySelector('[data-program="seoul-1"]')!.closest('li')!;
      expect(imported.querySelector('[data-korean-only]')?.textContent).toBe('KO');
      expect(bundled.querySelector('[data-korean-only]')).toBeNull();
    } finally {
      ui.lang = 'ko';
    }
  });
});
