// Report links: a URL HQ pastes into =IMPORTDATA(), or a manager opens on a phone. The token in
// the URL is 256 random bits; only its SHA-256 is stored. A link is bound to one report, its params,
// its format and the regions its creator could see; it can expire and is revoked at once.
import { z } from '@hono/zod-openapi'
import { createRouter, defineRoute, problem } from '../lib/openapi'
import { notFound } from '../lib/problem'
import type { ReportName } from './report'
import { createReportLink, LinkInfo, LinkInput, listReportLinks, openReportLink, revokeReportLink } from './link-store'
import { REPORTS } from '../db/schema'
import { PageQuerySchema } from './page-scope'
import { REPORT_CONTENT, REPORT_DESCRIPTIONS } from './routes'

const createLink = defineRoute('write', {
  method: 'post',
  path: '/v1/report-links',
  tags: ['Reports'],
  summary: 'Create a report link (its URL is in this response only)',
  description:
    'Admins may link any region or all of them; a manager only its own regions (all of them when `regionCode` is left out). ' +
    REPORT_DESCRIPTIONS,
  request: { body: { required: true, content: { 'application/json': { schema: LinkInput } } } },
  responses: { 201: { description: 'Created', content: { 'application/json': { schema: LinkInfo.extend({ url: z.string() }) } } } },
})

const listLinks = defineRoute('write', {
  method: 'get',
  path: '/v1/report-links',
  tags: ['Reports'],
  summary: 'Report links: all of them for admins, a manager’s own otherwise (never their URLs)',
  responses: { 200: { description: 'Links', content: { 'application/json': { schema: z.object({ links: z.array(LinkInfo) }) } } } },
})

const revokeLink = defineRoute('write', {
  method: 'delete',
  path: '/v1/report-links/{id}',
  tags: ['Reports'],
  summary: 'Revoke a report link at once: its URL then answers 404',
  request: { params: z.object({ id: z.string().min(1).max(64) }) },
  responses: {
    200: { description: 'Revoked (again, if it already was)', content: { 'application/json': { schema: LinkInfo } } },
    404: problem('No such link among those the token may manage'),
  },
})

const openLink = defineRoute('public', {
  method: 'get',
  path: '/r/{token}',
  tags: ['Reports'],
  summary: 'The report of a link, with no other credentials',
  request: { params: z.object({ token: z.string().min(1).max(200) }), query: PageQuerySchema },
  responses: { 200: { description: 'The report', content: REPORT_CONTENT }, 403: problem('A region outside the link'), 404: problem('Unknown, revoked or expired link') },
})

const openLinkPage = defineRoute('public', {
  method: 'get',
  path: '/r/{token}/{report}',
  tags: ['Reports'],
  summary: 'Another report page of an HTML link’s regions (its nav bar links here)',
  description:
    'An HTML link opens every report page of the regions it was made for, in its language: the dashboard, the store ranking, the weekly pack, violations and 日清日报. ' +
    '`region`, `store`, `year`, `month`, `week` and `period` narrow what the page shows, never beyond the link’s regions (403). A CSV, JSON or xlsx link answers its one report only (404 here).',
  request: { params: z.object({ token: z.string().min(1).max(200), report: z.string().min(1).max(40).openapi({ enum: [...REPORTS] }) }), query: PageQuerySchema },
  responses: { 200: { description: 'The report page', content: { 'text/html': REPORT_CONTENT['text/html'] } }, 403: problem('A region outside the link'), 404: problem('Unknown, revoked or expired link, or not an HTML link') },
})

export const reportLinkRoutes = createRouter()
  .openapi(createLink, async (c) => c.json(await createReportLink(c, c.req.valid('json')), 201))
  .openapi(listLinks, async (c) => c.json({ links: await listReportLinks(c) }, 200))
  .openapi(revokeLink, async (c) => c.json(await revokeReportLink(c, c.req.valid('param').id), 200))
  .openapi(openLink, async (c) => (await openReportLink(c, c.req.valid('param').token)) as never)
  .openapi(openLinkPage, async (c) => {
    const { token, report } = c.req.valid('param')
    // A page that does not exist is as missing as a link that does not: 404, never a hint.
    if (!(REPORTS as readonly string[]).includes(report)) throw notFound('This report link is unknown, revoked or expired.')
    return (await openReportLink(c, token, report as ReportName)) as never
  })
