import { describe, expect, it } from "vitest";
import { redactUrl } from "./redact.ts";

describe("redactUrl", () => {
  it("hides the password of Redis and PostgreSQL URLs and keeps the rest", () => {
    expect(redactUrl("redis://user:pw@host:6380/2")).toBe("redis://user:***@host:6380/2");
    expect(redactUrl("redis://127.0.0.1:6379")).toBe("redis://127.0.0.1:6379");
    expect(redactUrl("postgres://gc:s3cret@db.internal:5432/govconnect")).toBe(
      "postgres://gc:***@db.internal:5432/govconnect",
    );
    expect(redactUrl("not a url")).toBe("(unparseable URL)");
  });
});
