import { afterEach, describe, expect, it } from 'vitest';
import { actionLabel, fill, t, tf, ui } from '../src/lib/i18n.svelte';

afterEach(() => {
  ui.lang = 'ko';
});

describe('labels', () => {
  it('fills named places and leaves unknown ones', () => {
    expect(fill('{a} and {b} ({c})', { a: 1, b: 'two' })).toBe('1 and two ({c})');
  });
  it('is Korean by default, English second', () => {
    expect(t('lock')).toBe('잠금');
    expect(tf('erasedNotice', { id: 'm1', consultations: 2, consents: 1 })).toContain('상담 기록 2건');
    expect(actionLabel('view')).toBe('열람');
    ui.lang = 'en';
    expect(t('lock')).toBe('Lock');
    expect(tf('erasedNotice', { id: 'm1', consultations: 2, consents: 1, files: 3 })).toBe(
      'Erased the merchant (record m1): 2 consultation(s), 1 consent(s), 3 saved file(s).',
    );
    expect(actionLabel('unknown-action')).toBe('unknown-action');
  });
});
