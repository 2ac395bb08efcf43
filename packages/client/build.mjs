// Builds the publishable package: one ESM file and one declaration file, with GovConnect's own
// workspace code (the task payload schemas, the router's types) inlined, so the package needs
// nothing of this repository — only its npm dependencies.
import { rmSync } from "node:fs";
import { build } from "esbuild";
import { rollup } from "rollup";
import { dts } from "rollup-plugin-dts";

const external = ["@trpc/client", "@trpc/server", "zod", "eventsource"];
// For the declarations: inline GovConnect's own packages, keep every npm package an import.
const isNpmPackage = (id) => !id.startsWith(".") && !id.startsWith("/") && !id.startsWith("@govconnect/");

rmSync("dist", { recursive: true, force: true });

await build({
  entryPoints: ["src/index.ts"],
  outfile: "dist/index.js",
  bundle: true,
  format: "esm",
  platform: "neutral",
  target: "es2022",
  conditions: ["@govconnect/source"],
  external,
  sourcemap: true,
  logLevel: "warning",
});

const bundle = await rollup({
  input: "src/index.ts",
  external: isNpmPackage,
  // Types come from the workspace packages' built declarations (their `dist`), as a consumer would see them.
  plugins: [dts({ respectExternal: true, tsconfig: "tsconfig.dts.json" })],
});
await bundle.write({ file: "dist/index.d.ts", format: "es" });
await bundle.close();
console.log("built dist/index.js and dist/index.d.ts");
