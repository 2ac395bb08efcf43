import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/**
 * The JWT secret: `JWT_SECRET` when set (required in production). In development a random one is
 * made once and kept in `<DATA_DIR>/jwt-secret` (mode 600), so restarts keep people signed in and
 * no secret is ever written in the repository.
 */
export function resolveJwtSecret(
  configured: string | undefined,
  dataDir: string,
): { secret: string; generated: boolean } {
  if (configured) return { secret: configured, generated: false };
  const file = join(dataDir, "jwt-secret");
  if (existsSync(file)) return { secret: readFileSync(file, "utf8").trim(), generated: false };
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(48).toString("base64");
  try {
    // `wx`: when two processes start at once, the first one's secret is the one both use.
    writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: "wx" });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    return { secret: readFileSync(file, "utf8").trim(), generated: false };
  }
  return { secret, generated: true };
}
