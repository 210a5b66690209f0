// How routes are declared: each module builds an OpenAPIHono router with createRouter() and
// declares every route with defineRoute(access, …), which wires the access gate, documents the
// security scheme and the problem responses, ends the description with who may call it, and tags
// the operation with `x-access` so tests can walk the route table.
import { createRoute, OpenAPIHono, z, type RouteConfig } from '@hono/zod-openapi'
import type { ZodError } from 'zod'
import { requireAccess, TOKEN_ACCESS, type Access } from '../auth/access'
import type { AppEnv } from '../env'
import './messages/zod-en'
import { OPERATION_DOCS, type OperationDocs } from './operation-docs'
import { invalid, PROBLEM_BASE, type FieldError } from './problem'

export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    errors: z
      .array(
        z.object({
          path: z.string(),
          message: z.string(),
          row: z.number().int().optional(),
          column: z.string().optional(),
          title: z.string().optional().openapi({ description: 'A sheet cell’s column title in the reader’s language (3月)' }),
          code: z.string().optional(),
        }),
      )
      .optional(),
  })
  .openapi('Problem')

/** An error response of a route, for the OpenAPI document. */
export const problem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: ProblemSchema } },
})

/**
 * A 409 whose problem lists what someone else changed since the caller's `baseRevision`
 * (`conflicts`, each as `conflict` describes it), with an example, so a client knows what to show
 * its user before it meets one.
 */
export function conflictProblem(description: string, conflict: z.ZodObject, conflicts: Record<string, unknown>[], detail = `${conflicts.length} row(s) were changed by someone else since revision 41; nothing was written.`) {
  return {
    description,
    content: {
      'application/problem+json': {
        schema: ProblemSchema.extend({ conflicts: z.array(conflict) }),
        example: { type: `${PROBLEM_BASE}conflict`, title: 'Conflict', status: 409, detail, conflicts },
      },
    },
  }
}

/** Turns zod issues into field errors with dotted paths (`stores.17.regionCode`). */
export function fieldErrors(error: ZodError, prefix: (string | number)[] = []): FieldError[] {
  return error.issues.map((issue) => ({
    path: [...prefix, ...issue.path].map(String).join('.') || '(body)',
    message: issue.message,
    code: issue.code,
  }))
}

/**
 * The JSON content of a bulk write, documented by `schema` (registered on `router` as component
 * `name`) but not validated by the router: a schema given by reference is left to the handler,
 * which parses each row on its own (lib/body.ts) so that one answer lists every row's faults.
 */
export function bulkJsonContent(router: OpenAPIHono<AppEnv>, name: string, schema: z.ZodType) {
  router.openAPIRegistry.register(name, schema)
  return { schema: { $ref: `#/components/schemas/${name}` } }
}

export function createRouter() {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) throw invalid(fieldErrors(result.error))
    },
  })
}

/** Starts the paragraph that ends each description: who may call the operation. */
export const ACCESS_HEADING = '**Who may call it**'
const WHO_MAY_CALL: Record<Access, string> = {
  public: 'anyone with the URL; no token.',
  signature: 'a registered POS source, by the signature of its webhook; no token.',
  read: 'any token. HQ (admin) reads every region, a manager or viewer only its own regions (403 for another).',
  write: 'admin (HQ) and manager tokens, a manager only within its own regions (403 for another); viewer tokens are 403.',
  admin: 'HQ (admin) tokens only; manager and viewer tokens are 403.',
}

/** `docs` added to a route: a description where it has none, examples, the 409 of conflicts. */
function withDocs<R extends Omit<RouteConfig, 'middleware'>>(route: R, docs: OperationDocs): R {
  const body = route.request?.body
  const json = body?.content['application/json']
  const request = docs.requestExample !== undefined && body && json ? { ...route.request, body: { ...body, content: { ...body.content, 'application/json': { ...json, example: docs.requestExample } } } } : route.request
  const responses: Record<string, unknown> = { ...route.responses }
  for (const [status, example] of Object.entries(docs.responseExamples ?? {})) {
    const response = route.responses[status] as { content?: Record<string, object> } | undefined
    const content = response?.content?.['application/json']
    if (content) responses[status] = { ...response, content: { ...response.content, 'application/json': { ...content, example } } }
  }
  if (docs.conflict) responses[409] = conflictProblem(docs.conflict.description, docs.conflict.schema, docs.conflict.example, docs.conflict.detail)
  return { ...route, description: route.description ?? docs.description, request, responses }
}

export function defineRoute<R extends Omit<RouteConfig, 'middleware'>>(access: Access, declared: R) {
  const tokenRoute = TOKEN_ACCESS.includes(access)
  const docs = OPERATION_DOCS[`${declared.method.toUpperCase()} ${declared.path}`]
  const route = docs ? withDocs(declared, docs) : declared
  return createRoute({
    ...route,
    // One without a description gets no access paragraph either: the reference test finds it.
    ...(route.description ? { description: `${route.description}\n\n${ACCESS_HEADING} (\`x-access: ${access}\`): ${WHO_MAY_CALL[access]}` } : {}),
    middleware: [requireAccess(access)] as const,
    ...(tokenRoute ? { security: [{ bearerAuth: [] }] } : {}),
    'x-access': access,
    responses: {
      ...(tokenRoute
        ? { 401: problem('Missing, unknown or revoked token'), 403: problem('Role or regions do not cover this') }
        : {}),
      ...(route.request ? { 422: problem('Invalid input; every bad field is listed') } : {}),
      ...route.responses,
    },
  })
}
