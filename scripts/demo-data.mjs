// The demo company: deterministic, so seeding twice changes nothing. 4 regions, 6 dealers,
// 40 stores across the three channels (the direct ones with their managers), 61 SKUs with list,
// floor and cost prices, and the monthly expenses of the EAST direct stores for their P&L.

/** A small seeded PRNG (mulberry32), so the demo is the same on every machine. */
export function random(seed) {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

export const regions = [
  { code: 'EAST', name: '华东区', managerEmail: 'east.manager@example.com' },
  { code: 'SOUTH', name: '华南区', managerEmail: 'south.manager@example.com' },
  { code: 'NORTH', name: '华北区', managerEmail: 'north.manager@example.com' },
  { code: 'WEST', name: '西南区', managerEmail: 'west.manager@example.com' },
]

export const dealers = [
  { code: 'D-SH01', name: '上海恒通商贸有限公司', regionCode: 'EAST' },
  { code: 'D-HZ01', name: '杭州誉达贸易有限公司', regionCode: 'EAST' },
  { code: 'D-GZ01', name: '广州粤兴商贸有限公司', regionCode: 'SOUTH' },
  { code: 'D-SZ01', name: '深圳鹏程实业有限公司', regionCode: 'SOUTH' },
  { code: 'D-BJ01', name: '北京京华商贸有限公司', regionCode: 'NORTH' },
  { code: 'D-CD01', name: '成都蜀锦贸易有限公司', regionCode: 'WEST' },
]

const storeSites = {
  EAST: ['上海南京路', '上海徐家汇', '上海五角场', '杭州湖滨', '杭州武林', '南京新街口', '苏州观前街', '宁波天一广场', '无锡崇安寺', '合肥淮河路'],
  SOUTH: ['广州天河城', '广州北京路', '深圳华强北', '深圳海岸城', '东莞东城', '佛山祖庙', '珠海拱北', '厦门中山路', '福州东街口', '南宁朝阳'],
  NORTH: ['北京王府井', '北京西单', '北京三里屯', '天津滨江道', '石家庄北国', '济南泉城路', '青岛台东', '太原柳巷', '沈阳中街', '大连青泥洼'],
  WEST: ['成都春熙路', '成都太古里', '重庆解放碑', '重庆观音桥', '昆明南屏街', '贵阳喷水池', '西安钟楼', '绵阳涪城', '南充五星', '宜宾南岸'],
}

// The store managers (店长) of the direct stores, four a region, in store order.
const storeManagers = ['王丽', '李娜', '张伟', '刘洋', '陈静', '杨帆', '赵敏', '黄磊', '周婷', '吴昊', '徐颖', '孙涛', '马琳', '朱峰', '胡晓', '郭宁']

function buildStores() {
  const next = random(20261128)
  const channels = ['direct', 'direct', 'direct', 'direct', 'franchise', 'franchise', 'franchise', 'dealer', 'dealer', 'dealer']
  const tiers = ['A', 'A', 'B', 'B', 'B', 'C', 'C', 'C', 'B', 'C']
  const list = []
  for (const region of regions) {
    const regionDealers = dealers.filter((d) => d.regionCode === region.code)
    storeSites[region.code].forEach((site, i) => {
      const channel = channels[i]
      const store = {
        code: `${region.code.slice(0, 2)}${String(i + 1).padStart(3, '0')}`,
        name: `${site}店`,
        regionCode: region.code,
        channel,
        tier: tiers[i],
        areaSqm: 60 + Math.round(next() * 240),
        openedOn: i === 6 ? '2026-07-01' : `20${18 + (i % 6)}-0${1 + (i % 9)}-15`,
      }
      if (channel === 'dealer') store.dealerCode = regionDealers[i % regionDealers.length].code
      if (channel === 'direct') store.managerName = storeManagers[regions.indexOf(region) * 4 + i]
      if (i === 9 && region.code === 'NORTH') store.closedOn = '2026-09-30'
      if (i < 3) store.externalIds = { shopify: String(70000000000 + regions.indexOf(region) * 100 + i) }
      list.push(store)
    })
  }
  return list
}

export const stores = buildStores()

const categories = [
  ['TOP', '上衣', ['纯棉T恤', '真丝衬衫', '针织开衫', '卫衣', 'POLO衫', '雪纺衫']],
  ['BTM', '裤装', ['直筒牛仔裤', '休闲西裤', '运动裤', '阔腿裤', '半身裙', '短裤']],
  ['OUT', '外套', ['羊毛大衣', '羽绒服', '风衣', '夹克', '西装外套', '棉服']],
  ['SHO', '鞋履', ['小白鞋', '运动鞋', '乐福鞋', '短靴', '凉鞋', '帆布鞋']],
  ['ACC', '配饰', ['真皮腰带', '羊绒围巾', '棒球帽', '双肩包', '托特包', '钱包']],
]
const colours = ['黑', '白']

function buildProducts() {
  const next = random(60)
  // A generator of its own, so the list prices stay what they were before products had costs.
  const costShare = random(61)
  const list = []
  for (const [prefix, category, names] of categories) {
    names.forEach((name, i) => {
      colours.forEach((colour, c) => {
        const listPrice = (99 + Math.round(next() * 12) * 100) // 99 … 1299
        list.push({
          sku: `${prefix}-${String(i * 2 + c + 1).padStart(3, '0')}`,
          name: `${name}（${colour}）`,
          category,
          listPrice,
          floorPrice: Math.round(listPrice * 0.7 * 100) / 100,
          // 40–60% of the list price.
          costPrice: Math.round(listPrice * (0.4 + costShare() * 0.2) * 100) / 100,
        })
      })
    })
  }
  return list
}

/** A limited gift box no store has sold: the demo's slow mover. */
export const giftProduct = { sku: 'GFT-001', name: '新春限定礼盒', category: '配饰', listPrice: 1999, floorPrice: 1599, costPrice: 899.5 }

export const products = [...buildProducts(), giftProduct]

/** The day the demo's cost prices apply from: before any demo store opened, so every sale is costed. */
export const COSTS_FROM = '2018-01-01'

/** The product whose cost went up on the 16th of last month, so a P&L month shows a change in its middle. */
export const costChange = { sku: 'TOP-001', rise: 1.12 }

const eastDirect = () => stores.filter((s) => s.regionCode === 'EAST' && s.channel === 'direct')
const STAFF = { A: 24000, B: 18000, C: 14000 }

/**
 * The EAST direct stores' own monthly expenses (rent on the 1st, staff and utilities on the 25th)
 * and the region's office rent, for every month of `year` through `yesterday`. Ids are fixed by
 * store and month, so seeding again submits nothing new.
 */
export function storeExpenses(year, yesterday) {
  const day = (month, d) => `${year}-${String(month).padStart(2, '0')}-${String(d).padStart(2, '0')}`
  const list = []
  for (let m = 1; m <= 12; m += 1) {
    const expense = (id, storeCode, department, category, d, amount, description) => {
      if (day(m, d) > yesterday) return
      list.push({ expenseId: `DEMO-${id}-${year}-${m}`, regionCode: 'EAST', ...(storeCode ? { storeCode } : {}), department, category, incurredOn: day(m, d), amount, description })
    }
    eastDirect().forEach((s, i) => {
      expense(`RENT-${s.code}`, s.code, 'operations', 'rent', 1, s.areaSqm * 100, `${s.name}${m}月房租`)
      expense(`STAFF-${s.code}`, s.code, 'sales', 'staff', 25, STAFF[s.tier], `${s.name}${m}月店员工资`)
      // Air conditioning makes the summer months dearer.
      expense(`UTIL-${s.code}`, s.code, 'operations', 'utilities', 25, 1800 + (m >= 6 && m <= 9 ? 1200 : 0) + i * 150, `${s.name}${m}月水电费`)
    })
    expense('RENT-EAST-OFFICE', null, 'operations', 'rent', 1, 20000, `华东区办公室${m}月房租`)
  }
  return list
}
