import { defineConfig } from "drizzle-kit";

// `pnpm db:generate` writes a new SQL migration to ./drizzle from the schema; the apps apply them at start.
export default defineConfig({
  dialect: "postgresql",
  schema: "./src/schema.ts",
  out: "./drizzle",
});
