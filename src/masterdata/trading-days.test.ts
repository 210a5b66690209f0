import { describe, expect, it } from 'vitest'
import { tradesDuring, tradesOn } from './trading-days'

describe('tradesOn', () => {
  const store = { openedOn: '2027-03-10', closedOn: '2027-03-20' }

  it('includes the opening and the closing day', () => {
    expect(tradesOn(store, '2027-03-09')).toBe(false)
    expect(tradesOn(store, '2027-03-10')).toBe(true)
    expect(tradesOn(store, '2027-03-20')).toBe(true)
    expect(tradesOn(store, '2027-03-21')).toBe(false)
  })

  it('leaves an unknown end open', () => {
    expect(tradesOn({ openedOn: null, closedOn: null }, '1999-01-01')).toBe(true)
    expect(tradesOn({ openedOn: null, closedOn: '2027-03-20' }, '2000-01-01')).toBe(true)
    expect(tradesOn({ openedOn: '2027-03-10', closedOn: null }, '2099-12-31')).toBe(true)
  })

  it('a store opened and closed on the same day trades that day only', () => {
    const oneDay = { openedOn: '2027-05-01', closedOn: '2027-05-01' }
    expect([tradesOn(oneDay, '2027-04-30'), tradesOn(oneDay, '2027-05-01'), tradesOn(oneDay, '2027-05-02')]).toEqual([false, true, false])
  })
})

describe('tradesDuring', () => {
  it('is true when any day of the span is a trading day', () => {
    const closesOnTheFirst = { openedOn: null, closedOn: '2027-03-01' }
    expect(tradesDuring(closesOnTheFirst, '2027-03-01', '2027-03-31')).toBe(true)
    expect(tradesDuring(closesOnTheFirst, '2027-03-02', '2027-03-31')).toBe(false)
    expect(tradesDuring({ openedOn: '2027-07-31', closedOn: null }, '2027-07-01', '2027-07-31')).toBe(true)
    expect(tradesDuring({ openedOn: '2027-08-01', closedOn: null }, '2027-07-01', '2027-07-31')).toBe(false)
    expect(tradesDuring({ openedOn: null, closedOn: '2027-02-28' }, '2027-03-01', '2027-03-31')).toBe(false)
  })

  it('agrees with tradesOn on a span of one day', () => {
    const store = { openedOn: '2027-03-10', closedOn: '2027-03-20' }
    for (const day of ['2027-03-09', '2027-03-10', '2027-03-15', '2027-03-20', '2027-03-21']) {
      expect(tradesDuring(store, day, day)).toBe(tradesOn(store, day))
    }
  })
})
