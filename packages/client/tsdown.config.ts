// Builds the publishable package: one ESM file and one declaration file, with GovConnect's own
// workspace code (the task payload schemas, the router's types) inlined, so the package needs
// nothing of this repository — only its npm dependencies.
import { defineConfig } from "tsdown";

/** What the tarball may import: its npm dependencies, nothing of this repository. */
const npmDependencies = ["@trpc/client", "@trpc/server", "zod", "eventsource"];
const workspacePackages = /^@govconnect\//;
/** A bare import of an npm package (not relative, not absolute, not one of ours). */
const npmImport = /^(?![./]|@govconnect\/)/;

export default defineConfig({
  entry: ["src/index.ts"],
  format: "esm",
  platform: "neutral",
  target: "es2022",
  sourcemap: true,
  // The JavaScript comes from the workspace packages' TypeScript source…
  inputOptions: {
    resolve: { conditionNames: ["@govconnect/source", "import", "default"] },
    // An import of a package whose exports go unused is dropped (the declarations would otherwise
    // keep `import "ioredis"` and the like from the server packages they inline).
    treeshake: { moduleSideEffects: "no-external" },
  },
  // …and the types from their built declarations (`dist`), as a consumer would see them.
  dts: { tsconfig: "tsconfig.dts.json" },
  deps: {
    alwaysBundle: [workspacePackages],
    neverBundle: npmDependencies,
    onlyImport: npmDependencies,
    // Declarations inline ours and keep every npm package an import, as the JavaScript does.
    dts: { alwaysBundle: [workspacePackages], neverBundle: [npmImport] },
  },
});
