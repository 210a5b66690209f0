import { describe, expect, it } from 'vitest'
import { companyToday, settingsOf } from './config'

describe('settingsOf', () => {
  it('gives every setting its default when the vars are left out', () => {
    expect(settingsOf({})).toEqual({
      timeZone: 'Asia/Shanghai',
      currency: 'CNY',
      maxBodyBytes: 5_242_880,
      lotCrossRegionShare: 0.2,
      departments: ['sales', 'marketing', 'operations', 'admin'],
      expenseCategories: ['rent', 'travel', 'marketing', 'staff', 'office', 'logistics'],
      inventory: { windowDays: 30, thresholds: { noSaleDays: 30, turnoverDays: 90 } },
      staleReceiptSeconds: 120,
      webhookBodySeconds: 10,
      webhookSourceCacheSeconds: 5,
      rawRetentionMonths: 13,
      sheetsApiUrl: 'https://sheets.googleapis.com',
    })
  })

  it('reads what is set', () => {
    const settings = settingsOf({
      COMPANY_TZ: 'Asia/Hong_Kong',
      CURRENCY: 'HKD',
      MAX_BODY_BYTES: '1024',
      LOT_CROSS_REGION_SHARE: '0',
      BUDGET_DEPARTMENTS: ' sales , , hr ',
      EXPENSE_CATEGORIES: 'rent',
      INVENTORY_WINDOW_DAYS: '14.9',
      SLOW_MOVER_DAYS: '45',
      SLOW_TURNOVER_DAYS: '120',
      STALE_RECEIPT_SECONDS: '2.5',
      WEBHOOK_BODY_SECONDS: '1',
      WEBHOOK_SOURCE_CACHE_SECONDS: '0',
      RAW_RETENTION_MONTHS: '25',
      SHEETS_API_URL: 'http://127.0.0.1:9999',
    })
    expect(settings).toEqual({
      timeZone: 'Asia/Hong_Kong',
      currency: 'HKD',
      maxBodyBytes: 1024,
      lotCrossRegionShare: 0,
      departments: ['sales', 'hr'],
      expenseCategories: ['rent'],
      inventory: { windowDays: 14, thresholds: { noSaleDays: 45, turnoverDays: 120 } },
      staleReceiptSeconds: 2.5,
      webhookBodySeconds: 1,
      webhookSourceCacheSeconds: 0,
      rawRetentionMonths: 25,
      sheetsApiUrl: 'http://127.0.0.1:9999',
    })
  })

  it('falls back to the default for a value that does not parse', () => {
    const settings = settingsOf({
      COMPANY_TZ: 'Mars/Olympus',
      CURRENCY: 'yuan',
      MAX_BODY_BYTES: '0',
      LOT_CROSS_REGION_SHARE: '1.5',
      BUDGET_DEPARTMENTS: ' , ',
      INVENTORY_WINDOW_DAYS: '-3',
      SLOW_MOVER_DAYS: 'thirty',
      STALE_RECEIPT_SECONDS: 'Infinity',
      WEBHOOK_BODY_SECONDS: '',
      WEBHOOK_SOURCE_CACHE_SECONDS: '600',
      RAW_RETENTION_MONTHS: '0.5',
      SHEETS_API_URL: 'not a url',
    })
    expect(settings).toEqual(settingsOf({}))
  })

  it('parses an environment once', () => {
    const env = { CURRENCY: 'USD' }
    expect(settingsOf(env)).toBe(settingsOf(env))
    expect(settingsOf({ ...env, CURRENCY: 'EUR' }).currency).toBe('EUR')
  })
})

describe('companyToday', () => {
  it('is the day where the company is', () => {
    const instant = new Date('2027-03-01T17:30:00Z')
    expect(companyToday({}, instant)).toBe('2027-03-02')
    expect(companyToday({ COMPANY_TZ: 'America/New_York' }, instant)).toBe('2027-03-01')
  })
})
