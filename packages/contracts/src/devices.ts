/**
 * A signed-in device in words, from its user agent: "Chrome on Linux", "Safari on iPhone". Only
 * the common browsers and systems are named; anything else is "a browser" or the program's name.
 */
export function describeDevice(userAgent: string | null): string {
  if (!userAgent) return "Unknown device";
  const ua = userAgent;
  const program = /^(curl|Wget|PostmanRuntime|python-requests|node|undici|okhttp|Go-http-client)\b/i.exec(ua);
  if (program?.[1]) return `A program (${program[1]})`;
  const browser = /\bEdg(A|iOS)?\//.test(ua)
    ? "Edge"
    : /\b(OPR|Opera)\//.test(ua)
      ? "Opera"
      : /\bSamsungBrowser\//.test(ua)
        ? "Samsung Internet"
        : /\b(Firefox|FxiOS)\//.test(ua)
          ? "Firefox"
          : /\b(Chrome|CriOS|HeadlessChrome|Chromium)\//.test(ua)
            ? "Chrome"
            : /\bSafari\//.test(ua) && /\bVersion\//.test(ua)
              ? "Safari"
              : null;
  const system = /\biPhone\b/.test(ua)
    ? "iPhone"
    : /\biPad\b/.test(ua)
      ? "iPad"
      : /\bAndroid\b/.test(ua)
        ? "Android"
        : /\bCrOS\b/.test(ua)
          ? "ChromeOS"
          : /\bWindows\b/.test(ua)
            ? "Windows"
            : /\bMac OS X\b|\bMacintosh\b/.test(ua)
              ? "macOS"
              : /\bLinux\b|\bX11\b/.test(ua)
                ? "Linux"
                : null;
  if (browser && system) return `${browser} on ${system}`;
  if (browser) return browser;
  if (system) return `A browser on ${system}`;
  return "A browser or app";
}
