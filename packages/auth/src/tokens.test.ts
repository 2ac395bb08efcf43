import jwt from "jsonwebtoken";
import { describe, expect, it } from "vitest";
import { createTokenService } from "./tokens.ts";

const secret = "s".repeat(48);
const tokens = createTokenService(secret);
const now = () => Math.floor(Date.now() / 1000);
const claims = { sub: "user-1", jti: "jti-1", iss: "govconnect", aud: "govconnect" };

describe("tokens", () => {
  it("issues HS256 tokens that expire in 24 hours and verify back", () => {
    const issued = tokens.issue("user-1");
    expect(jwt.decode(issued.token, { complete: true })?.header.alg).toBe("HS256");
    expect(issued.expiresAt.getTime() - Date.now()).toBeGreaterThan(24 * 3600 * 1000 - 5_000);
    expect(tokens.verify(issued.token)).toEqual({ userId: "user-1", jti: issued.jti, expiresAt: issued.expiresAt });
  });

  it("refuses alg none, other algorithms, a wrong signature, expiry and a future nbf", () => {
    const unsigned = `${Buffer.from(JSON.stringify({ alg: "none", typ: "JWT" })).toString("base64url")}.${Buffer.from(
      JSON.stringify({ ...claims, exp: now() + 600 }),
    ).toString("base64url")}.`;
    const cases = {
      unsigned,
      hs512: jwt.sign({ ...claims, exp: now() + 600 }, secret, { algorithm: "HS512" }),
      forged: jwt.sign({ ...claims, exp: now() + 600 }, "another-secret-that-is-long-enough-1234", {
        algorithm: "HS256",
      }),
      expired: jwt.sign({ ...claims, exp: now() - 60 }, secret, { algorithm: "HS256" }),
      notYetValid: jwt.sign({ ...claims, exp: now() + 600, nbf: now() + 300 }, secret, { algorithm: "HS256" }),
      otherAudience: jwt.sign({ ...claims, aud: "someone-else", exp: now() + 600 }, secret, { algorithm: "HS256" }),
      tooLongLived: jwt.sign({ ...claims, iat: now() - 25 * 3600, exp: now() + 600 }, secret, { algorithm: "HS256" }),
      garbage: "not.a.token",
    };
    for (const [name, token] of Object.entries(cases)) {
      expect(tokens.verify(token), name).toBeNull();
    }
  });

  it("refuses a secret shorter than 32 bytes", () => {
    expect(() => createTokenService("short")).toThrow("at least 32 bytes");
  });
});
