// How routes are declared: each module builds an OpenAPIHono router with createRouter() and
// declares every route with defineRoute(access, …), which wires the access gate, documents the
// security scheme and the problem responses, and tags the operation with `x-access` so tests can
// walk the route table.
import { createRoute, OpenAPIHono, z, type RouteConfig } from '@hono/zod-openapi'
import type { ZodError } from 'zod'
import { requireAccess, TOKEN_ACCESS, type Access } from '../auth/access'
import type { AppEnv } from '../env'
import './messages/zod-en'
import { invalid, type FieldError } from './problem'

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

export function defineRoute<R extends Omit<RouteConfig, 'middleware'>>(access: Access, route: R) {
  const tokenRoute = TOKEN_ACCESS.includes(access)
  return createRoute({
    ...route,
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
