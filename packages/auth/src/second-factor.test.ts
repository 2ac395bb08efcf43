import { describe, expect, it } from "vitest";
import { createSecondFactors, totpCodeAt, totpStepOf } from "./second-factor.ts";

const factors = createSecondFactors("unit-tests-key-material-unit-tests-key-material");

describe("second factors", () => {
  it("seals a secret so that only the same key opens it, and a tampered seal is refused", () => {
    const secret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
    const sealed = factors.seal(secret);
    expect(sealed).not.toContain(secret);
    expect(factors.seal(secret)).not.toBe(sealed); // a fresh IV each time
    expect(factors.open(sealed)).toBe(secret);
    const other = createSecondFactors("another-key-material-another-key-material!!");
    expect(() => other.open(sealed)).toThrow();
    const [version, iv, tag, data] = sealed.split(".");
    const flipped = `${data?.[0] === "A" ? "B" : "A"}${data?.slice(1)}`;
    expect(() => factors.open([version, iv, tag, flipped].join("."))).toThrow();
  });

  it("accepts the codes of one step either side of now, and says which step (RFC 6238 test vector too)", async () => {
    // RFC 6238 Appendix B, SHA-1, T = 59 s: 94287082 (8 digits); its last 6 are the 6-digit code.
    const rfcSecret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"; // "12345678901234567890"
    expect(totpCodeAt(rfcSecret, new Date(59_000))).toBe("287082");
    const { secret } = await factors.enrol("ada");
    const now = new Date();
    const step = totpStepOf(now);
    for (const delta of [-1, 0, 1]) {
      const code = totpCodeAt(secret, new Date(now.getTime() + delta * 30_000));
      expect(factors.matchingStep(secret, code, now)).toBe(step + delta);
      expect(factors.matchingStep(secret, `${code.slice(0, 3)} ${code.slice(3)}`, now)).toBe(step + delta);
    }
    for (const delta of [-2, 2]) {
      expect(
        factors.matchingStep(secret, totpCodeAt(secret, new Date(now.getTime() + delta * 30_000)), now),
      ).toBeNull();
    }
    expect(factors.matchingStep(secret, "12345", now)).toBeNull();
    expect(factors.matchingStep(secret, "abcdef", now)).toBeNull();
  });

  it("makes ten distinct recovery codes whose hash ignores case, dashes and spaces", () => {
    const { codes, hashes } = factors.newRecoveryCodes();
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    const first = codes[0] ?? "";
    expect(hashes[0]).toBe(factors.hashRecoveryCode(first.toLowerCase().replaceAll("-", " ")));
    expect(hashes[0]).not.toContain(first.replaceAll("-", ""));
  });
});
