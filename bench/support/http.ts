import { request } from "node:http";

export interface HttpResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** One plain HTTP request on a fresh connection (no keep-alive, so a restarted server is seen at once). */
export function httpRequest(
  url: string,
  options: { method?: string; body?: string; headers?: Record<string, string>; timeoutMs?: number } = {},
): Promise<HttpResponse> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: options.method ?? "GET",
        agent: false,
        headers: {
          ...(options.body === undefined ? {} : { "content-type": "application/json" }),
          ...options.headers,
        },
        timeout: options.timeoutMs ?? 5_000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString("utf8"),
          }),
        );
        res.on("error", reject);
      },
    );
    req.on("timeout", () => req.destroy(new Error(`timed out: ${url}`)));
    req.on("error", reject);
    req.end(options.body);
  });
}

/**
 * Polls until `accept` holds for a response (connection errors count as "not yet"), every `intervalMs`.
 * Returns the performance.now() at which the accepted response had arrived.
 */
export async function pollUntil(
  url: string,
  accept: (response: HttpResponse) => boolean,
  options: { intervalMs?: number; timeoutMs?: number } = {},
): Promise<number> {
  const intervalMs = options.intervalMs ?? 5;
  const deadline = performance.now() + (options.timeoutMs ?? 30_000);
  let last = "no response yet";
  while (performance.now() < deadline) {
    try {
      const response = await httpRequest(url, { timeoutMs: 5_000 });
      if (accept(response)) return performance.now();
      last = `${response.status} ${response.body.slice(0, 200)}`;
    } catch (error) {
      last = (error as Error).message;
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  throw new Error(`gave up waiting for ${url}; last: ${last}`);
}
