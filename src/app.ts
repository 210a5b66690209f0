// createApp(): the whole HTTP surface. One error handler renders every failure as problem+json;
// each module mounts its router; /openapi.json is generated from the same route declarations.
import { HTTPException } from 'hono/http-exception'
import { bodyLimit } from 'hono/body-limit'
import { achievementRoutes } from './achievement/routes'
import { auditRoutes } from './audit/routes'
import { expenseRoutes } from './budgets/expense-routes'
import { budgetRoutes } from './budgets/routes'
import { alertRoutes } from './channel/alert-routes'
import { channelRoutes } from './channel/routes'
import { collectionRoutes } from './collections/routes'
import { inventoryRoutes } from './inventory/routes'
import { jsonDepthLimit } from './lib/json-depth'
import { shipmentRoutes } from './channel/shipment-routes'
import { tokenRoutes } from './auth/routes'
import { settingsOf } from './config'
import { createRouter } from './lib/openapi'
import { Problem, problemResponse } from './lib/problem'
import { masterDataRoutes } from './masterdata/routes'
import { weightRoutes } from './pnl/weight-routes'
import { reportLinkRoutes } from './reports/links'
import { reportRoutes } from './reports/routes'
import { PosPayloadSchema } from './sales/normalize'
import { salesRoutes } from './sales/routes'
import { receiptRoutes } from './sales/receipts'
import { posSourceRoutes } from './sales/source-routes'
import { webhookGate } from './sales/webhook-gate'
import { webhookRoutes } from './sales/webhooks'
import { serviceRoutes } from './service/routes'
import { sheetBindingRoutes, sheetRoutes } from './sheets/routes'
import { targetLifecycleRoutes } from './targets/lifecycle-routes'
import { targetRoutes } from './targets/routes'
import { VERSION } from './version'

function toProblem(error: unknown): Problem {
  if (error instanceof Problem) return error
  if (error instanceof HTTPException) {
    if (error.status === 400 && /JSON/i.test(error.message)) {
      return new Problem(400, 'The request body is not valid JSON.', { type: 'malformed-json', title: 'Malformed JSON' })
    }
    return new Problem(error.status as Problem['status'], error.message || 'Request refused.')
  }
  return new Problem(500, 'Something went wrong on our side; the request was not applied.')
}

export function createApp() {
  const app = createRouter()

  // Webhooks are checked on their headers before their body is read, so it goes first.
  app.use(webhookGate())
  app.use(async function maxBodySize(c, next) {
    const maxSize = settingsOf(c.env).maxBodyBytes
    return bodyLimit({
      maxSize,
      onError: () => {
        throw new Problem(413, `The request body is larger than ${maxSize} bytes.`)
      },
    })(c, next)
  })
  app.use(jsonDepthLimit)

  app.route('/', serviceRoutes)
  app.route('/', tokenRoutes)
  app.route('/', masterDataRoutes)
  app.route('/', targetRoutes)
  app.route('/', targetLifecycleRoutes)
  app.route('/', posSourceRoutes)
  app.route('/', webhookRoutes)
  app.route('/', salesRoutes)
  app.route('/', receiptRoutes)
  app.route('/', achievementRoutes)
  app.route('/', shipmentRoutes)
  app.route('/', channelRoutes)
  app.route('/', alertRoutes)
  app.route('/', budgetRoutes)
  app.route('/', expenseRoutes)
  app.route('/', collectionRoutes)
  app.route('/', inventoryRoutes)
  app.route('/', sheetBindingRoutes)
  app.route('/', sheetRoutes)
  app.route('/', reportRoutes)
  app.route('/', reportLinkRoutes)
  app.route('/', weightRoutes)
  app.route('/', auditRoutes)

  // The webhook routes read their raw body (the signature covers it), so the payload is documented here.
  app.openAPIRegistry.register('PosWebhookPayload', PosPayloadSchema)
  app.openAPIRegistry.registerComponent('securitySchemes', 'bearerAuth', {
    type: 'http',
    scheme: 'bearer',
    description: 'An API token issued by HQ (or the ADMIN_TOKEN secret).',
  })
  app.doc31('/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'regionops API',
      version: VERSION,
      description: 'Targets, budgets, POS sales, channel integrity and HQ reports for regional sales managers.',
    },
  })

  app.notFound((c) => problemResponse(c, new Problem(404, `No route for ${c.req.method} ${c.req.path}.`)))
  app.onError((error, c) => {
    const problem = toProblem(error)
    // The body never carries internals; the log keeps them for us.
    if (problem.status >= 500) console.error(error)
    return problemResponse(c, problem)
  })
  return app
}
