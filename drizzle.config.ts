import { defineConfig } from 'drizzle-kit'

// Migrations are generated from src/db/schema.ts (which gathers the tables of src/db/schema/) into
// the folder wrangler applies (migrations_dir).
export default defineConfig({
  dialect: 'sqlite',
  schema: './src/db/schema.ts',
  out: './migrations',
})
