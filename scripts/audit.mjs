#!/usr/bin/env node
// `pnpm audit:prod`: the production dependency audit that CI runs, failing on a high or critical
// advisory. It does what `pnpm audit --prod --audit-level high` is meant to do, through the npm
// registry's bulk advisory endpoint: pnpm 10's `audit` still calls the quick/full audit endpoints,
// which the registry has retired (they answer 410). pnpm 11's `audit` calls the bulk endpoint
// (11.28 checked); this script goes when the repository moves to pnpm 11.
//
//   node scripts/audit.mjs [--level high|critical|moderate|low]
//
// Exit codes: 0 nothing at or above the level; 1 advisories found; 0 with a warning when the
// registry cannot be asked (offline, or a proxy that refuses POST): that is said plainly, never
// reported as a clean result.

import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const semver = require("semver");

const LEVELS = ["info", "low", "moderate", "high", "critical"];
const levelArg = process.argv.indexOf("--level");
const level = levelArg > 0 ? process.argv[levelArg + 1] : "high";
if (!LEVELS.includes(level)) {
  process.stderr.write(`--level must be one of ${LEVELS.join(", ")}\n`);
  process.exit(2);
}

/** Every (name, version) installed for production in the workspace, from pnpm's own resolution. */
function productionPackages() {
  const listed = spawnSync("pnpm", ["list", "--recursive", "--prod", "--depth", "Infinity", "--json"], {
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
  });
  if (listed.status !== 0) {
    process.stderr.write(`pnpm list failed:\n${listed.stderr}\n`);
    process.exit(2);
  }
  const versions = new Map();
  const walk = (dependencies) => {
    for (const [name, info] of Object.entries(dependencies ?? {})) {
      if (info.version && !info.version.startsWith("link:") && semver.valid(info.version)) {
        if (!versions.has(name)) versions.set(name, new Set());
        versions.get(name).add(info.version);
      }
      walk(info.dependencies);
    }
  };
  for (const project of JSON.parse(listed.stdout)) walk(project.dependencies);
  return versions;
}

const registry = (
  spawnSync("pnpm", ["config", "get", "registry"], { encoding: "utf8" }).stdout.trim() || "https://registry.npmjs.org/"
).replace(/\/?$/, "/");
const packages = productionPackages();
const count = [...packages.values()].reduce((sum, set) => sum + set.size, 0);
process.stdout.write(`audit: ${count} production package versions (${packages.size} packages), level ${level}\n`);

let response;
try {
  response = await fetch(`${registry}-/npm/v1/security/advisories/bulk`, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/json" },
    body: JSON.stringify(Object.fromEntries([...packages].map(([name, set]) => [name, [...set]]))),
    signal: AbortSignal.timeout(60_000),
  });
} catch (error) {
  response = { ok: false, status: 0, statusText: error instanceof Error ? error.message : String(error) };
}
if (!response.ok) {
  process.stdout.write(
    `audit: WARNING — the registry's advisory endpoint could not be asked (${response.status} ${response.statusText}); ` +
      "no audit result. Run `pnpm audit:prod` where the registry answers POST /-/npm/v1/security/advisories/bulk.\n",
  );
  process.exit(0);
}

const advisories = await response.json();
const findings = [];
for (const [name, list] of Object.entries(advisories)) {
  for (const advisory of Array.isArray(list) ? list : []) {
    if (LEVELS.indexOf(advisory.severity) < LEVELS.indexOf(level)) continue;
    const affected = [...(packages.get(name) ?? [])].filter((version) =>
      semver.satisfies(version, advisory.vulnerable_versions, { includePrerelease: true }),
    );
    if (affected.length > 0) findings.push({ name, affected, ...advisory });
  }
}
for (const finding of findings) {
  process.stdout.write(
    `  ${finding.severity.toUpperCase()} ${finding.name}@${finding.affected.join(", ")}: ${finding.title} (${finding.url})\n`,
  );
}
process.stdout.write(`audit: ${findings.length} advisories at or above ${level}\n`);
process.exit(findings.length > 0 ? 1 : 0);
