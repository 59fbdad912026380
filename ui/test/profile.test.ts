import { describe, expect, it } from 'vitest';
import { draftFromForm, emptyForm, formFromProfile, needingConsent, personalFilled } from '../src/lib/profile';

describe('profile form', () => {
  it('leaves blank fields out: unknown, never false or zero', () => {
    const f = emptyForm();
    f.values.name = ' 광진 커피 ';
    f.values.nonprofit = '';
    f.values.full_time_workers = '';
    expect(draftFromForm(f)).toEqual({ name: '광진 커피' });
  });

  it('converts numbers and yes/no, and keeps bad text for Rust to name', () => {
    const f = emptyForm();
    f.values.full_time_workers = '3';
    f.values.nonprofit = 'false';
    f.values.annual_sales_krw = '12억';
    expect(draftFromForm(f)).toEqual({ full_time_workers: 3, nonprofit: false, annual_sales_krw: '12억' });
  });

  it('tells no hires apart from unknown hires', () => {
    const f = emptyForm();
    expect(draftFromForm(f).new_hires).toBeUndefined();
    f.hiresMode = 'none';
    expect(draftFromForm(f).new_hires).toEqual([]);
    f.hiresMode = 'some';
    f.hires = [
      { hired_on: '2023-01-16', insured: 'true' },
      { hired_on: '2023-02-01', insured: '' },
    ];
    expect(draftFromForm(f).new_hires).toEqual([
      { hired_on: '2023-01-16', employment_insurance: true },
      { hired_on: '2023-02-01' },
    ]);
  });

  it('round-trips a stored profile, "no factory" included', () => {
    const stored = {
      name: '광진 커피',
      full_time_workers: 3,
      nonprofit: false,
      factory_district: '',
      new_hires: [{ hired_on: '2023-01-16', employment_insurance: true }],
    };
    const f = formFromProfile(stored);
    expect(f.values.factory_district).toBe('없음');
    expect(draftFromForm(f)).toEqual(stored);
  });
  it('names the personal fields that need a consent', () => {
    const f = emptyForm();
    f.values.name = '광진 커피';
    expect(personalFilled(f)).toEqual([]);
    f.values.phone = '02-450-1234';
    f.values.owner_birth_date = ' ';
    expect(personalFilled(f)).toEqual(['phone']);
    f.values.owner_name = '박대표';
    expect(needingConsent(f, false, false)).toEqual(['owner_name', 'phone']);
    expect(needingConsent(f, true, false)).toEqual([]);
    expect(needingConsent(f, false, true)).toEqual([]);
  });
});
