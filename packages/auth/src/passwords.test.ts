import { describe, expect, it } from "vitest";
import { isCommonPassword, newPasswordSchema } from "./password-policy.ts";
import { createPasswordHasher } from "./passwords.ts";

const hasher = createPasswordHasher(4);

describe("password hashing", () => {
  it("verifies the right password and rejects a wrong one", async () => {
    const stored = await hasher.hash("correct horse battery staple");
    expect(stored).toMatch(/^bcrypt-hmac-sha256\$\$2b\$04\$/);
    await expect(hasher.verify("correct horse battery staple", stored)).resolves.toBe(true);
    await expect(hasher.verify("correct horse battery stapler", stored)).resolves.toBe(false);
  });

  it("never lets a 73-byte password match its 72-byte prefix (or the reverse)", async () => {
    const prefix = "p".repeat(72);
    const long = `${prefix}X`;
    expect(Buffer.byteLength(long)).toBe(73);
    const storedLong = await hasher.hash(long);
    const storedPrefix = await hasher.hash(prefix);
    await expect(hasher.verify(prefix, storedLong)).resolves.toBe(false);
    await expect(hasher.verify(long, storedPrefix)).resolves.toBe(false);
    await expect(hasher.verify(long, storedLong)).resolves.toBe(true);
  });

  it("treats canonically equivalent Unicode spellings as the same password", async () => {
    const composed = "caf\u00e9-passphrase";
    const decomposed = "cafe\u0301-passphrase";
    await expect(hasher.verify(decomposed, await hasher.hash(composed))).resolves.toBe(true);
  });

  it("rejects hashes of another scheme instead of guessing", async () => {
    await expect(hasher.verify("whatever", "$2b$04$abcdefghijklmnopqrstuu")).resolves.toBe(false);
  });

  it("spends a bcrypt comparison on unknown users too", async () => {
    await expect(hasher.verifyNobody("anything")).resolves.toBe(false);
  });
});

describe("password policy", () => {
  const problem = (password: string) => newPasswordSchema.safeParse(password).error?.issues[0]?.message;

  it("accepts a long passphrase and rejects short, overlong and common passwords with a reason", () => {
    expect(problem("a perfectly fine passphrase")).toBeUndefined();
    expect(problem("short")).toBe("Password must be at least 8 characters");
    expect(problem("x".repeat(129))).toBe("Password must be at most 128 characters");
    expect(problem("password1")).toMatch(/most common passwords/);
    expect(problem("PassWord1")).toMatch(/most common passwords/);
  });

  it("knows at least the 3,000 most common passwords that meet the length rule", () => {
    for (const common of ["12345678", "qwertyuiop", "iloveyou", "football", "trustno1", "sunshine"]) {
      expect(isCommonPassword(common)).toBe(true);
    }
    expect(isCommonPassword("Xq7!vT2#pL9@")).toBe(false);
  });

  it("counts characters, not bytes: 8 accented letters are 8 characters", () => {
    expect(problem("éééééééé")).toBeUndefined();
  });
});
