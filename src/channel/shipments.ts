// Shipments from the ERP: each unit or lot code becomes authorised for the receiving party's region.
// A shipment that arrives after sales of its codes re-evaluates them in the same batch: an
// unknown code sold in the wrong region becomes a cross-region violation, one sold where it
// belonged is closed with a note saying why.
import { z } from '@hono/zod-openapi'
import { eq } from 'drizzle-orm'
import { auditStatements } from '../audit/audit'
import { settingsOf } from '../config'
import { abortUnless, chunk, inJsonArray, insertRows, runBatch, statement, type Statement } from '../db/bulk'
import { database } from '../db/client'
import { dealers, shipmentLines, shipments, shippedCodes, stores } from '../db/schema'
import type { Context } from 'hono'
import type { AppEnv, Env } from '../env'
import { codeSchema, dateOrInstantSchema, dealerCodeSchema, skuSchema, storeCodeSchema, unitCodeSchema } from '../lib/fields'
import { invalid, type FieldError } from '../lib/problem'
import { byRow, parseObject } from '../lib/rows'
import { localDay } from '../lib/time'
import { deliverDueAlerts } from './alerts'
import { auditSystemDecisions, codeChecks, codesIn, queueAlerts, type CheckRun } from './checks'
import { newCheckRun } from './run'
import { unknownSkus } from '../inventory/locations'

export const MAX_CODES_PER_SHIPMENT = 20_000
/** A 422 lists this many codes at most, then says how many more. */
const MAX_LISTED_ERRORS = 200
/** Codes per guard statement: keeps each bound JSON array well within D1's limits. */
const CODES_PER_GUARD = 1000

export const ShipmentBody = z
  .object({
    shipmentId: z.string().min(1).max(128),
    dealerCode: dealerCodeSchema.optional(),
    storeCode: storeCodeSchema.optional(),
    // One rule for both forms: an instant on 30 February would otherwise be counted on 2 March.
    shippedAt: dateOrInstantSchema,
    transfer: z.boolean().default(false).openapi({ description: 'Moves codes already shipped to another region (a sanctioned transfer)' }),
    lines: z
      .array(
        z.object({
          sku: skuSchema,
          qty: z.number().int('must be a whole number').positive('must be positive'),
          codes: z.array(unitCodeSchema).min(1, 'leave codes out rather than send an empty list').optional(),
          codeType: z.enum(['unit', 'lot']).default('unit'),
        }),
      )
      .min(1)
      .max(5000),
  })
  .superRefine((body, ctx) => {
    if (Boolean(body.dealerCode) === Boolean(body.storeCode)) {
      ctx.addIssue({ code: 'custom', path: ['dealerCode'], message: 'give exactly one of dealerCode and storeCode' })
    }
    body.lines.forEach((line, i) => {
      if (line.codeType === 'unit' && line.codes && line.codes.length !== line.qty) {
        ctx.addIssue({ code: 'custom', path: ['lines', i, 'codes'], message: `${line.codes.length} unit codes for a quantity of ${line.qty}` })
      }
    })
    const total = body.lines.reduce((n, l) => n + (l.codes?.length ?? 0), 0)
    if (total > MAX_CODES_PER_SHIPMENT) ctx.addIssue({ code: 'custom', path: ['lines'], message: `at most ${MAX_CODES_PER_SHIPMENT} codes per shipment` })
  })


type Shipment = z.output<typeof ShipmentBody>

const capped = (errors: FieldError[]): FieldError[] =>
  errors.length <= MAX_LISTED_ERRORS
    ? errors
    : [...errors.slice(0, MAX_LISTED_ERRORS), { path: 'lines', message: `and ${errors.length - MAX_LISTED_ERRORS} more like these`, code: 'more' }]

function duplicateCodeErrors(shipment: Shipment): FieldError[] {
  const seen = new Map<string, string>()
  const errors: FieldError[] = []
  shipment.lines.forEach((line, i) =>
    line.codes?.forEach((code, j) => {
      const first = seen.get(code)
      if (first) errors.push({ path: `lines.${i}.codes.${j}`, message: `${code} is already in ${first}`, code: 'duplicate' })
      else seen.set(code, `lines.${i}.codes.${j}`)
    }),
  )
  return errors
}

/** Re-evaluates earlier sales of the shipment's codes, now that their region is known. */
function reevaluation(codes: string[], regionCode: string, shipmentId: string, run: CheckRun): Statement[] {
  const codeList = JSON.stringify(codes)
  return [
    // An unknown code sold outside the region it was shipped to turns out to be diversion.
    statement(
      `UPDATE OR IGNORE violations
       SET kind = 'cross_region', dedupe_key = 'cross_region:' || code, expected_region_code = ?,
           evidence = json_set(evidence, '$.shipmentId', ?, '$.authorisedRegion', ?, '$.reclassifiedFrom', 'unknown_code')
       WHERE kind = 'unknown_code' AND status = 'open' AND region_code <> ? AND code IN (SELECT value FROM json_each(?))`,
      regionCode,
      shipmentId,
      regionCode,
      regionCode,
      codeList,
    ),
    // One sold in the region it was shipped to was fine after all.
    statement(
      `UPDATE violations SET status = 'dismissed', decided_by = 'system', decided_at = ?,
              note = 'Closed automatically: shipment ' || ? || ' authorised this code for region ' || ? || ', where it was sold.'
       WHERE kind = 'unknown_code' AND status = 'open' AND region_code = ? AND code IN (SELECT value FROM json_each(?))`,
      run.now,
      shipmentId,
      regionCode,
      regionCode,
      codeList,
    ),
    ...codeChecks(codesIn(codes), run),
    queueAlerts(run),
    auditSystemDecisions(run),
  ]
}

/** Refuses the batch if any of the codes is held by another region (rows are checked in chunks). */
function heldElsewhere(codes: string[], regionCode: string): Statement[] {
  return chunk(codes, CODES_PER_GUARD).map((part) =>
    abortUnless('NOT EXISTS (SELECT 1 FROM shipped_codes WHERE code IN (SELECT value FROM json_each(?)) AND region_code <> ?)', [JSON.stringify(part), regionCode]),
  )
}

/**
 * The references of a shipment that did not parse, on its sound parts: the dealer or store, and
 * the SKU of each line whose SKU is sound, so one 422 names them beside the shape faults.
 */
async function unparsedShipmentErrors(env: Env, raw: unknown, sound: Partial<Shipment>): Promise<FieldError[]> {
  const db = database(env)
  const errors: FieldError[] = []
  if (sound.dealerCode && !(await db.select({ code: dealers.code }).from(dealers).where(eq(dealers.code, sound.dealerCode)).get())) {
    errors.push({ path: 'dealerCode', message: 'does not exist', code: 'unknown_reference' })
  }
  if (sound.storeCode && !(await db.select({ code: stores.code }).from(stores).where(eq(stores.code, sound.storeCode)).get())) {
    errors.push({ path: 'storeCode', message: 'does not exist', code: 'unknown_reference' })
  }
  const lines = typeof raw === 'object' && raw !== null ? (raw as { lines?: unknown }).lines : undefined
  if (!Array.isArray(lines)) return errors
  const skus = lines.map((line) => codeSchema.safeParse((line as { sku?: unknown } | null)?.sku))
  return [...errors, ...(await lineSkuErrors(env, skus.map((sku) => (sku.success ? sku.data : undefined))))]
}

/** `lines.N.sku` for each line whose SKU (undefined: not sound, not looked up) is no product. */
async function lineSkuErrors(env: Env, skus: (string | undefined)[]): Promise<FieldError[]> {
  const missing = await unknownSkus(database(env), [...new Set(skus.flatMap((sku) => (sku === undefined ? [] : [sku])))])
  return skus.flatMap((sku, i) => (sku !== undefined && missing.has(sku) ? [{ path: `lines.${i}.sku`, message: `product ${sku} does not exist`, code: 'unknown_reference' }] : []))
}

/** POST /v1/shipments: a body that does not parse still has its dealer or store and its SKUs named. */
export async function recordShipmentFromBody(c: Context<AppEnv>, raw: unknown) {
  const { value: shipment, sound, errors } = parseObject(ShipmentBody, raw)
  if (!shipment) throw invalid(byRow([...errors, ...(await unparsedShipmentErrors(c.env, raw, sound))]))
  return { shipmentId: shipment.shipmentId, ...(await recordShipment(c, shipment)) }
}

/**
 * Checks a shipment against what is recorded: a duplicate of a recorded shipment, or the region it
 * goes to and its codes. Throws a 422 listing every problem.
 */
async function checkShipment(
  env: Env,
  shipment: Shipment,
): Promise<{ duplicate: true } | { duplicate: false; regionCode: string; coded: { code: string; line: Shipment['lines'][number]; path: string }[] }> {
  const db = database(env)
  if (await db.select({ id: shipments.shipmentId }).from(shipments).where(eq(shipments.shipmentId, shipment.shipmentId)).get()) return { duplicate: true }
  const errors = duplicateCodeErrors(shipment)
  const party = shipment.dealerCode
    ? await db.select({ regionCode: dealers.regionCode }).from(dealers).where(eq(dealers.code, shipment.dealerCode)).get()
    : await db.select({ regionCode: stores.regionCode }).from(stores).where(eq(stores.code, shipment.storeCode!)).get()
  if (!party) errors.push({ path: shipment.dealerCode ? 'dealerCode' : 'storeCode', message: 'does not exist', code: 'unknown_reference' })
  errors.push(...(await lineSkuErrors(env, shipment.lines.map((l) => l.sku))))
  const coded = shipment.lines.flatMap((line, i) => (line.codes ?? []).map((code, j) => ({ code, line, path: `lines.${i}.codes.${j}` })))
  if (party && !shipment.transfer && coded.length > 0) {
    const elsewhere = await db
      .select({ code: shippedCodes.code, regionCode: shippedCodes.regionCode, shipmentId: shippedCodes.shipmentId })
      .from(shippedCodes)
      .where(inJsonArray(shippedCodes.code, coded.map((c) => c.code)))
      .all()
    const shippedTo = new Map(elsewhere.filter((e) => e.regionCode !== party.regionCode).map((e) => [e.code, e]))
    for (const { code, path } of coded) {
      const earlier = shippedTo.get(code)
      if (earlier) {
        errors.push({ path, message: `${code} was shipped to region ${earlier.regionCode} in ${earlier.shipmentId}; mark the shipment a transfer to move it`, code: 'shipped_elsewhere' })
      }
    }
  }
  if (errors.length > 0) throw invalid(capped(errors))
  return { duplicate: false, regionCode: party!.regionCode, coded }
}

/**
 * Records a shipment with its codes and re-evaluates earlier sales of them, in one batch; a
 * shipment id recorded before (or by a racing request) changes nothing.
 */
export async function recordShipment(c: Context<AppEnv>, shipment: Shipment) {
  const checked = await checkShipment(c.env, shipment)
  if (checked.duplicate) return { duplicate: true as const }
  const { regionCode, coded } = checked
  const now = new Date().toISOString()
  const run = newCheckRun(c.env, 'api')
  const day = /T/.test(shipment.shippedAt) ? localDay(new Date(shipment.shippedAt), settingsOf(c.env).timeZone) : shipment.shippedAt
  const codes = coded.map((entry) => entry.code)
  const statements = [
    // Checked above, but another request may have taken the id or the codes since: then this
    // batch fails whole (the id is the primary key; the guard refuses codes held elsewhere).
    ...(shipment.transfer ? [] : heldElsewhere(codes, regionCode)),
    ...insertRows(shipments, [
      {
        shipmentId: shipment.shipmentId,
        dealerCode: shipment.dealerCode ?? null,
        storeCode: shipment.storeCode ?? null,
        regionCode,
        shippedAt: shipment.shippedAt,
        day,
        transfer: shipment.transfer,
        createdAt: now,
      },
    ]),
    ...insertRows(
      shipmentLines,
      shipment.lines.map((line, i) => ({ shipmentId: shipment.shipmentId, lineNo: i + 1, sku: line.sku, qty: line.qty, codeType: line.codeType })),
    ),
    ...insertRows(
      shippedCodes,
      coded.map(({ code, line }) => ({
        code,
        codeType: line.codeType,
        sku: line.sku,
        shipmentId: shipment.shipmentId,
        dealerCode: shipment.dealerCode ?? null,
        storeCode: shipment.storeCode ?? null,
        regionCode,
        shippedAt: shipment.shippedAt,
        qty: line.codeType === 'lot' ? Math.max(1, Math.floor(line.qty / line.codes!.length)) : 1,
      })),
      { conflict: ['code'] },
    ),
    ...(codes.length > 0 ? reevaluation(codes, regionCode, shipment.shipmentId, run) : []),
    ...auditStatements({ actor: c.get('principal').id, via: 'api', at: now }, [
      {
        entity: 'shipment',
        key: shipment.shipmentId,
        before: null,
        after: { dealerCode: shipment.dealerCode ?? null, storeCode: shipment.storeCode ?? null, regionCode, lines: shipment.lines.length, codes: codes.length, transfer: shipment.transfer },
      },
    ]),
  ]
  try {
    await runBatch(c.env.DB, statements)
  } catch (error) {
    // Lost a race: answer as the check now answers (a duplicate, or the codes' new region).
    const again = await checkShipment(c.env, shipment)
    if (again.duplicate) return { duplicate: true as const }
    throw error
  }
  const raised = await c.env.DB.prepare('SELECT count(*) AS n FROM violations WHERE run_id = ?').bind(run.runId).first<{ n: number }>()
  if (raised!.n > 0) c.executionCtx.waitUntil(deliverDueAlerts(c.env))
  return { duplicate: false as const, regionCode, codes: codes.length, violationsRaised: raised!.n }
}
