import { afterEach, describe, expect, it } from 'vitest';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import { api, ApiError } from '../src/lib/api';

afterEach(() => clearMocks());

describe('the IPC wrapper', () => {
  it('sends snake_case arguments to the named command', async () => {
    const calls: [string, unknown][] = [];
    mockIPC((cmd, args) => {
      calls.push([cmd, args]);
      return { merchant_id: 'm1', as_of: '2023-05-02', stage: { stage: null, basis: { ko: '', en: '' }, overridden: false }, items: [], questions: [] };
    });
    const v = await api.matchMerchant('m1', '2023-05-02');
    expect(v.merchant_id).toBe('m1');
    expect(calls).toEqual([['match_merchant', { id: 'm1', as_of: '2023-05-02' }]]);
  });

  it('turns a {code, message} rejection into an ApiError', async () => {
    mockIPC(() => {
      throw { code: 'invalid_input', message: 'invalid founded_on "2023-02-30": not a calendar date' };
    });
    const err = await api.addMerchant({ founded_on: '2023-02-30' }).catch((e) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err.code).toBe('invalid_input');
    expect(err.message).toContain('founded_on');
  });
});
