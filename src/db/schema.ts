// The one source of the database schema. It is split by module under schema/ and
// gathered here for drizzle-kit (drizzle.config.ts) and the code. Migrations in migrations/ are
// generated from it by drizzle-kit (`npm run db:generate`); never edit a generated migration by hand.
//
// Conventions: codes are the natural keys managers know (region, dealer and store codes, SKUs);
// money is integer minor units (分); dates are `YYYY-MM-DD` text; instants are ISO-8601 UTC text.
export * from './schema/masterdata'
export * from './schema/access'
export * from './schema/revisions'
export * from './schema/targets'
export * from './schema/sales'
export * from './schema/channel'
export * from './schema/budgets'
export * from './schema/collections'
export * from './schema/inventory'
export * from './schema/sheets'
export * from './schema/reports'
