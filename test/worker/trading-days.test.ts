// A store that closes mid-month trades through its closing day, and planning and the reports say
// so alike: it takes a share of its closing month's target, and the reports list it in that month,
// its closing week and on every day up to the closing day, and nowhere after.
import { beforeAll, describe, expect, it } from 'vitest'
import { call, expectOk } from './helpers'

const REGION = 'TD-R'
const CLOSES = '2027-03-17' // a Wednesday: ISO week 2027-W11 runs 15–21 March

beforeAll(async () => {
  await expectOk(call('PUT', '/v1/regions', { body: { regions: [{ code: REGION, name: '闭店测试区' }] } }))
  await expectOk(
    call('PUT', '/v1/stores', {
      body: {
        stores: [
          { code: 'TD-OPEN', name: '常开店', regionCode: REGION, channel: 'direct' },
          { code: 'TD-CLOSES', name: '月中闭店', regionCode: REGION, channel: 'direct', closedOn: CLOSES },
        ],
      },
    }),
  )
})

const report = async (name: string, query: string) => {
  const res = await call('GET', `/v1/reports/${name}?regionCode=${REGION}&${query}`)
  expect(res.status, res.text).toBe(200)
  return (res.json as { rows: Record<string, unknown>[] }).rows
}

describe('a store closing mid-month', () => {
  it('planning gives it weight through its closing month, the stores report ranks it in the same months', async () => {
    const plan = await call('POST', '/v1/targets/plan', {
      body: { year: 2027, companyAmount: 1_200_000, basis: 'last_year_actual', seasonality: 'even', storeWeights: 'equal' },
    })
    expect(plan.status, plan.text).toBe(200)
    const planned = (plan.json.stores as { code: string; months: number[] }[]).find((s) => s.code === 'TD-CLOSES')!
    const plannedMonths = planned.months.flatMap((amount, m) => (amount > 0 ? [m + 1] : []))
    expect(plannedMonths).toEqual([1, 2, 3])

    const rankedMonths: number[] = []
    for (let month = 1; month <= 12; month++) {
      const rows = await report('stores', `year=2027&month=${month}&asOf=2027-12-31`)
      if (rows.some((r) => r.storeCode === 'TD-CLOSES')) rankedMonths.push(month)
      expect(rows.some((r) => r.storeCode === 'TD-OPEN')).toBe(true)
    }
    expect(rankedMonths).toEqual(plannedMonths)
  })

  it('the completeness report expects its sales up to the closing day, the weekly pack through its closing week', async () => {
    const days = (await report('completeness', 'year=2027&month=3&asOf=2027-04-01')).filter((r) => r.storeCode === 'TD-CLOSES').map((r) => r.day)
    expect(days).toHaveLength(17)
    expect(days.at(-1)).toBe(CLOSES)

    const week = async (n: number) => (await report('weekly', `year=2027&week=${n}&asOf=2027-04-01`)).find((r) => r.storeCode === 'TD-CLOSES')
    expect((await week(11))?.missingDays).toBe('2027-03-15 2027-03-16 2027-03-17')
    expect(await week(12)).toBeUndefined()
  })
})
