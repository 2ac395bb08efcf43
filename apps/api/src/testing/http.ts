import { request } from "node:http";

export interface HttpResponse {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: unknown;
  readonly text: string;
}

export interface HttpOptions {
  readonly body?: unknown;
  /** Sent as is (for malformed bodies); overrides `body`. */
  readonly rawBody?: string;
  readonly token?: string;
  readonly cookie?: string;
  readonly headers?: Record<string, string>;
  /** The client's source address: any 127.x.y.z works on Linux loopback, so tests can be "another IP". */
  readonly from?: string;
}

/** A real HTTP request over TCP (node:http, so the source address can be chosen). */
export function http(baseUrl: string, method: string, path: string, options: HttpOptions = {}): Promise<HttpResponse> {
  const url = new URL(path, baseUrl);
  const payload = options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
  const headers: Record<string, string> = {
    ...(payload !== undefined ? { "content-type": "application/json" } : {}),
    ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
    ...(options.cookie ? { cookie: options.cookie } : {}),
    ...options.headers,
  };
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname + url.search,
        method,
        headers,
        localAddress: options.from,
      },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => {
          text += chunk;
        });
        res.on("end", () => {
          let body: unknown = text;
          try {
            body = text ? JSON.parse(text) : undefined;
          } catch {
            // not JSON: keep the text
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body, text });
        });
      },
    );
    req.on("error", reject);
    if (payload !== undefined) req.write(payload);
    req.end();
  });
}

/** The `name=value` part of a Set-Cookie header for `name`, for sending it back. */
export function cookieFrom(response: HttpResponse, name: string): string | undefined {
  const setCookie = response.headers["set-cookie"];
  const all = Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : [];
  return all.find((c) => c.startsWith(`${name}=`))?.split(";")[0];
}
