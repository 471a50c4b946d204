/**
 * Runs in a fresh Node process: imports a Lambda bundle and, with --invoke, calls its handler once with a
 * payload 2.0 `GET /notes` event, the way the Lambda runtime's first (cold) request would. Times are taken
 * here with performance.now() so process start-up is not part of them. Prints one `BENCH_RESULT {json}` line.
 * Kept free of imports beyond node:url, so nothing but the bundle is loaded inside the timed span.
 */
import { pathToFileURL } from "node:url";

const [bundlePath, mode] = process.argv.slice(2);
if (!bundlePath) throw new Error("usage: cold-start.ts <bundle.mjs> [--invoke]");

const start = performance.now();
const bundle = (await import(pathToFileURL(bundlePath).href)) as {
  handler: (event: unknown, context: unknown) => Promise<{ statusCode?: number; body?: string }>;
};
const imported = performance.now();

let firstInvocationMs: number | undefined;
let listed: number | undefined;
if (mode === "--invoke") {
  const result = await bundle.handler(listNotesEvent(), lambdaContext());
  firstInvocationMs = performance.now() - start;
  if (result.statusCode !== 200) throw new Error(`GET /notes answered ${result.statusCode}: ${result.body}`);
  listed = (JSON.parse(result.body ?? "{}") as { items?: unknown[] }).items?.length;
}
console.log(`BENCH_RESULT ${JSON.stringify({ importMs: imported - start, firstInvocationMs, listed })}`);

function listNotesEvent() {
  const now = Date.now();
  return {
    version: "2.0",
    routeKey: "GET /notes",
    rawPath: "/notes",
    rawQueryString: "limit=20",
    headers: { accept: "application/json", host: "127.0.0.1", "user-agent": "bench" },
    queryStringParameters: { limit: "20" },
    requestContext: {
      accountId: "000000000000",
      apiId: "local",
      domainName: "127.0.0.1",
      domainPrefix: "127",
      http: {
        method: "GET",
        path: "/notes",
        protocol: "HTTP/1.1",
        sourceIp: "127.0.0.1",
        userAgent: "bench",
      },
      requestId: "bench-request",
      routeKey: "GET /notes",
      stage: "$default",
      time: new Date(now).toUTCString(),
      timeEpoch: now,
    },
    isBase64Encoded: false,
  };
}

function lambdaContext() {
  const deadline = Date.now() + 30_000;
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: "notes-api-bench",
    functionVersion: "$LATEST",
    invokedFunctionArn: "arn:aws:lambda:us-east-1:000000000000:function:notes-api-bench",
    memoryLimitInMB: "1024",
    awsRequestId: "bench-request",
    logGroupName: "/aws/lambda/notes-api-bench",
    logStreamName: "bench",
    getRemainingTimeInMillis: () => deadline - Date.now(),
    done: () => {},
    fail: () => {},
    succeed: () => {},
  };
}
