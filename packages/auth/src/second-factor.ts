import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import { Secret, TOTP } from "otpauth";
import QRCode from "qrcode";
import { newTypedCode, normaliseTypedCode } from "./codes.ts";
import { hashLinkToken } from "./link-tokens.ts";

/** RFC 6238 as every authenticator app reads it: SHA-1, 6 digits, 30-second steps. */
const PERIOD_SECONDS = 30;
const DIGITS = 6;
/** One step either side of now: a phone's clock a little off, or a code typed as it turned over. */
const WINDOW = 1;
/** NIST 800-63B §5.1.2: ten look-up secrets of 60 bits each. */
export const RECOVERY_CODE_COUNT = 10;
const ISSUER = "GovConnect";

/** What an enrolment shows: the secret as text and as a QR code of the `otpauth://` URI. */
export interface Enrolment {
  readonly secret: string;
  readonly uri: string;
  /** An SVG data URL of the QR code. */
  readonly qrCode: string;
}

export interface SecondFactors {
  /** A new 160-bit secret (base32) and what an authenticator app needs to take it. */
  enrol(accountName: string): Promise<Enrolment>;
  /** The secret as the database keeps it: AES-256-GCM under a key only the servers have. */
  seal(secret: string): string;
  open(sealed: string): string;
  /** The time step a code belongs to, within one step of `at`; null when it matches none. */
  matchingStep(secret: string, code: string, at?: Date): number | null;
  /** Ten new recovery codes, and the hashes to store in their place. */
  newRecoveryCodes(): { readonly codes: string[]; readonly hashes: string[] };
  /** What a typed recovery code is stored as (case, dashes and spaces do not matter). */
  hashRecoveryCode(code: string): string;
}

const totpFor = (secret: string) =>
  new TOTP({
    issuer: ISSUER,
    algorithm: "SHA1",
    digits: DIGITS,
    period: PERIOD_SECONDS,
    secret: Secret.fromBase32(secret),
  });

/** The code an authenticator app shows at `at` (tests and the e2e suite sign in with it). */
export function totpCodeAt(secret: string, at: Date = new Date()): string {
  return totpFor(secret).generate({ timestamp: at.getTime() });
}

/** The step number of `at`: codes of a step already used are refused. */
export const totpStepOf = (at: Date) => Math.floor(at.getTime() / 1000 / PERIOD_SECONDS);

/** A six-digit code, with spaces people type from the app's "123 456" allowed. */
export const normaliseTotpCode = (code: string) => code.replace(/\s/g, "");

/**
 * TOTP secrets sealed under a key derived from `keyMaterial` (the deployment's secret): a copy of
 * the database alone does not let anyone make codes.
 */
export function createSecondFactors(keyMaterial: string): SecondFactors {
  const key = Buffer.from(hkdfSync("sha256", keyMaterial, "govconnect", "totp-secrets/v1", 32));
  return {
    async enrol(accountName) {
      const totp = new TOTP({
        issuer: ISSUER,
        label: accountName,
        algorithm: "SHA1",
        digits: DIGITS,
        period: PERIOD_SECONDS,
        secret: new Secret({ size: 20 }),
      });
      const uri = totp.toString();
      const svg = await QRCode.toString(uri, { type: "svg", errorCorrectionLevel: "M", margin: 2 });
      return {
        secret: totp.secret.base32,
        uri,
        qrCode: `data:image/svg+xml;base64,${Buffer.from(svg).toString("base64")}`,
      };
    },
    seal(secret) {
      const iv = randomBytes(12);
      const cipher = createCipheriv("aes-256-gcm", key, iv);
      const sealed = Buffer.concat([cipher.update(secret, "utf8"), cipher.final()]);
      return [
        "v1",
        iv.toString("base64url"),
        cipher.getAuthTag().toString("base64url"),
        sealed.toString("base64url"),
      ].join(".");
    },
    open(sealed) {
      const [version, iv, tag, data] = sealed.split(".");
      if (version !== "v1" || !iv || !tag || !data) throw new Error("unknown sealed second-factor format");
      const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"));
      decipher.setAuthTag(Buffer.from(tag, "base64url"));
      return Buffer.concat([decipher.update(Buffer.from(data, "base64url")), decipher.final()]).toString("utf8");
    },
    matchingStep(secret, code, at = new Date()) {
      const token = normaliseTotpCode(code);
      if (!/^\d{6}$/.test(token)) return null;
      const delta = totpFor(secret).validate({ token, timestamp: at.getTime(), window: WINDOW });
      return delta === null ? null : totpStepOf(at) + delta;
    },
    newRecoveryCodes() {
      const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newTypedCode);
      return { codes, hashes: codes.map(hashRecoveryCode) };
    },
    hashRecoveryCode,
  };
}

/** Recovery codes are random (60 bits), so a fast hash is enough, as for link tokens. */
const hashRecoveryCode = (code: string) => hashLinkToken(`recovery:${normaliseTypedCode(code)}`);
