/**
 * C0 control characters other than tab, line feed and carriage return, and DEL: no text a person
 * types holds them, PostgreSQL refuses NUL in text (a 500 before this check: security review L8),
 * and the others are invisible in every list and log they would reach.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is this pattern's job
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

// biome-ignore lint/suspicious/noControlCharactersInRegex: as above, every one of them
const CONTROLS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;

/** A key as a message may name it: each control character written as its code point ("odd<U+0007>key"). */
const shown = (key: string) =>
  key.replace(CONTROLS, (char) => `<U+${(char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, "0")}>`);

/**
 * The path ("data.fullName", "samples.0.metric") of the first string in `input` — a value or a
 * key, at any depth — holding a control character, or null when there is none. The input is a
 * call's raw input (parsed JSON, a query's strings): small, and walked once.
 */
export function controlCharacterPath(input: unknown, path: readonly (string | number)[] = []): string | null {
  if (typeof input === "string") return CONTROL.test(input) ? path.join(".") : null;
  if (Array.isArray(input)) {
    for (const [index, item] of input.entries()) {
      const found = controlCharacterPath(item, [...path, index]);
      if (found !== null) return found;
    }
    return null;
  }
  if (typeof input === "object" && input !== null) {
    for (const [key, value] of Object.entries(input)) {
      if (CONTROL.test(key)) return [...path, shown(key)].join(".");
      const found = controlCharacterPath(value, [...path, key]);
      if (found !== null) return found;
    }
  }
  return null;
}
