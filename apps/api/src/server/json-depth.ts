/** How deep a JSON body may nest: the deepest real input (a task's data in a tRPC batch) is 6. */
export const MAX_JSON_DEPTH = 32;

/**
 * Whether JSON text nests deeper than `max` arrays and objects, found by one scan of the text
 * (brackets inside strings skipped) before anything parses it: a 60 KiB `[[[[…]]]]` costs a
 * parser far more than this (security review M3).
 */
export function nestsDeeperThan(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const char = text.charCodeAt(i);
    if (inString) {
      if (char === 0x5c)
        i++; // a backslash: the next character is escaped
      else if (char === 0x22) inString = false;
    } else if (char === 0x22) inString = true;
    else if (char === 0x5b || char === 0x7b) {
      depth++;
      if (depth > max) return true;
    } else if (char === 0x5d || char === 0x7d) depth--;
  }
  return false;
}
