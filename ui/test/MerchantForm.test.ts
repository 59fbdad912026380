import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import MerchantForm from '../src/screens/MerchantForm.svelte';
import { isoToday } from '../src/lib/format';
import type { Consent } from '../src/bindings/Consent';

afterEach(() => {
  cleanup();
  clearMocks();
});

const merchant = { id: 'm1', profile: { name: '광진 커피', phone: '02-450-1234' }, created_at: '', updated_at: '' };
const consent: Consent = {
  given_on: '2026-01-05',
  form: '개인정보 수집·이용 동의서',
  recorded_by: 'kim',
  recorded_at: '2026-01-05T10:00:00',
  withdrawn_on: null,
};

describe('consent in the merchant form', () => {
  it('warns about personal fields without a consent, and sends the consent ticked with the save', async () => {
    const saved: unknown[] = [];
    mockIPC((cmd, args) => {
      const a = args as Record<string, unknown>;
      if (cmd === 'seoul_districts') return [];
      if (cmd === 'check_profile') return [];
      if (cmd === 'likely_duplicates') return [];
      if (cmd === 'add_merchant') {
        saved.push(a.consent);
        return { id: 'm2', profile: a.profile, created_at: '', updated_at: '' };
      }
      throw { code: 'unexpected', message: cmd };
    });
    let done = '';
    render(MerchantForm, { merchant: null, onsaved: (m) => (done = m.id) });
    const phone = document.querySelector('input[name="phone"]') as HTMLInputElement;
    await fireEvent.input(phone, { target: { value: '02-450-1234' } });
    await screen.findByTestId('consent-needed');
    expect(document.querySelector('[data-consent-hint="phone"]')).not.toBeNull();
    await fireEvent.click(screen.getByTestId('consent-given'));
    await waitFor(() => expect(screen.queryByTestId('consent-needed')).toBeNull());
    expect((screen.getByTestId('consent-date') as HTMLInputElement).value).toBe(isoToday());
    expect((screen.getByTestId('consent-form') as HTMLInputElement).value).toBe('개인정보 수집·이용 동의서');
    await fireEvent.submit(screen.getByTestId('merchant-form'));
    await waitFor(() => expect(done).toBe('m2'));
    expect(saved).toEqual([{ given_on: isoToday(), form: '개인정보 수집·이용 동의서' }]);
  });

  it('shows the consent on record, and withdrawing it (after confirming) clears the personal fields', async () => {
    let consents = [consent];
    const calls: string[] = [];
    mockIPC((cmd) => {
      calls.push(cmd);
      if (cmd === 'seoul_districts') return [];
      if (cmd === 'merchant_consents') return consents;
      if (cmd === 'withdraw_consent') {
        consents = [{ ...consent, withdrawn_on: isoToday() }];
        return { ...merchant, profile: { name: '광진 커피' } };
      }
      throw { code: 'unexpected', message: cmd };
    });
    let changed: unknown = null;
    render(MerchantForm, { merchant, onsaved: () => {}, onchanged: (m) => (changed = m) });
    expect((await screen.findByTestId('consent-on-record-date')).textContent).toBe('2026-01-05');
    expect(screen.queryByTestId('consent-given')).toBeNull();
    expect(screen.queryByTestId('consent-needed')).toBeNull();
    await fireEvent.click(screen.getByTestId('withdraw-consent'));
    expect(calls).not.toContain('withdraw_consent');
    await fireEvent.click(screen.getByTestId('confirm-withdraw-yes'));
    await waitFor(() => expect(changed).not.toBeNull());
    expect((document.querySelector('input[name="phone"]') as HTMLInputElement).value).toBe('');
    await screen.findByTestId('consent-given');
  });

  it('shows the Rust refusal when a save comes back without consent', async () => {
    mockIPC((cmd) => {
      if (cmd === 'seoul_districts') return [];
      if (cmd === 'merchant_consents') return [];
      if (cmd === 'update_merchant')
        throw { code: 'invalid_input', message: 'invalid consent "phone": personal fields need the merchant\'s signed consent' };
      return [];
    });
    render(MerchantForm, { merchant, onsaved: () => {} });
    await screen.findByTestId('consent-needed');
    await fireEvent.submit(screen.getByTestId('merchant-form'));
    expect((await screen.findByTestId('save-error')).textContent).toContain('signed consent');
  });
});
