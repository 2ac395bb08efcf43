/**
 * The oldest Node.js a GovConnect process runs on: 22 maintenance LTS (24 is recommended). The
 * root package.json's `engines.node` says the same, and a test keeps the two equal.
 */
export const MINIMUM_NODE_VERSION = "22.12.0";

function isOlder(version: string, than: string): boolean {
  const [a, b] = [version, than].map((v) => v.replace(/^v/, "").split(".").map(Number));
  for (let i = 0; i < 3; i += 1) {
    const d = (a?.[i] ?? 0) - (b?.[i] ?? 0);
    if (d !== 0) return d < 0;
  }
  return false;
}

/** Why this Node.js cannot run GovConnect, in one line for the operator; undefined when it can. */
export function unsupportedNodeReason(version: string = process.versions.node): string | undefined {
  if (!isOlder(version, MINIMUM_NODE_VERSION)) return undefined;
  return (
    `GovConnect needs Node.js ${MINIMUM_NODE_VERSION} or newer (24 recommended); this is ${version}. ` +
    `\`npm start\` brings Node.js 24 itself; in a shell, run eval "$(node scripts/govconnect.mjs env)" first.`
  );
}
