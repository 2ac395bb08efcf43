import { describe, expect, it } from "vitest";
import { securityHeaders } from "../src/server/security-headers.ts";

describe("securityHeaders", () => {
  it("are helmet's headers for the options, production and development alike", () => {
    const production = securityHeaders({
      hsts: true,
      contentSecurityPolicy: { directives: { upgradeInsecureRequests: [] } },
    });
    expect(production).toMatchObject({
      "content-security-policy": expect.stringContaining("default-src 'self'"),
      "strict-transport-security": expect.stringContaining("max-age="),
      "x-content-type-options": "nosniff",
      "x-frame-options": "SAMEORIGIN",
      "cross-origin-opener-policy": "same-origin",
      "referrer-policy": "no-referrer",
    });
    expect(production["content-security-policy"]).toContain("upgrade-insecure-requests");
    const development = securityHeaders({
      hsts: false,
      contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } },
    });
    expect(development["strict-transport-security"]).toBeUndefined();
    expect(development["content-security-policy"]).not.toContain("upgrade-insecure-requests");
    expect(Object.isFrozen(development)).toBe(true);
  });
});
