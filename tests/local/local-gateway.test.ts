/**
 * How the local endpoint maps handler results and odd requests the way API Gateway HTTP API does
 * (skipped against a deployed stack): a fixture handler returns whatever a test asks for.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { request as httpRequest } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_BODY_BYTES } from "../../local/gateway.ts";
import { type LocalEndpoint, startLocalEndpoint } from "../../local/start.ts";

const FIXTURE = `
const results = {
  full: { statusCode: 418, headers: { "Content-Type": "text/plain", "x-count": 3 }, cookies: ["a=1; Path=/", "b=2"], body: "teapot" },
  binary: { statusCode: 200, headers: { "content-type": "image/png" }, body: Buffer.from([0, 1, 255]).toString("base64"), isBase64Encoded: true },
  empty: { statusCode: 204 },
  object: { hello: "world" },
  string: "just text",
  badStatus: { statusCode: "200", body: "x" },
  badBody: { statusCode: 200, body: { not: "a string" } },
};
export const handler = async (event) => {
  const which = event.queryStringParameters?.result;
  if (which === "throw") throw new Error("handler blew up at /secret/path.ts:1:1");
  return results[which];
};
`;

describe.skipIf(Boolean(process.env.API_URL))("local gateway", () => {
  let dir: string;
  let endpoint: LocalEndpoint;
  const errors: unknown[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "notes-gateway-"));
    const entry = join(dir, "results.js");
    await writeFile(entry, FIXTURE);
    const saved = { ...process.env };
    delete process.env.AWS_ENDPOINT_URL_DYNAMODB;
    delete process.env.AWS_ENDPOINT_URL;
    endpoint = await startLocalEndpoint({
      port: 0,
      dataDir: null,
      entry,
      watch: false,
      routeKeys: ["GET /result", "POST /upload/{name}"],
      log: (line) => errors.push(line),
    });
    process.env = saved;
  });

  afterAll(async () => {
    await endpoint.close();
    await rm(dir, { recursive: true, force: true });
  });

  const get = (result: string) => fetch(`${endpoint.url}/result?result=${result}`);

  it("passes status, lower-cased headers and body through, and turns cookies into set-cookie headers", async () => {
    const response = await get("full");

    expect(response.status).toBe(418);
    expect(response.headers.get("content-type")).toBe("text/plain");
    expect(response.headers.get("x-count")).toBe("3");
    expect(response.headers.getSetCookie()).toEqual(["a=1; Path=/", "b=2"]);
    expect(response.headers.get("apigw-requestid")).toMatch(/^[A-Za-z0-9+/]{15}=$/);
    expect(await response.text()).toBe("teapot");
  });

  it("decodes a base64-encoded body", async () => {
    const response = await get("binary");

    expect(new Uint8Array(await response.arrayBuffer())).toEqual(new Uint8Array([0, 1, 255]));
  });

  it("answers a result with only a status code with an empty body", async () => {
    const response = await get("empty");

    expect(response.status).toBe(204);
    expect(await response.text()).toBe("");
  });

  it("infers 200 application/json for an object without statusCode, serialising it", async () => {
    const response = await get("object");

    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/json");
    expect(await response.json()).toEqual({ hello: "world" });
  });

  it("infers 200 application/json for a string result, sending the string as the body", async () => {
    const response = await get("string");

    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/json");
    expect(await response.text()).toBe("just text");
  });

  it.each(["throw", "badStatus", "badBody"])(
    'answers 500 {"message":"Internal Server Error"} when the handler gives %s',
    async (result) => {
      const response = await get(result);

      expect(response.status).toBe(500);
      expect(await response.json()).toEqual({ message: "Internal Server Error" });
    },
  );

  it("logs a thrown error for the developer while the client sees none of it", async () => {
    const response = await get("throw");

    expect(await response.text()).not.toMatch(/blew up|secret/);
    expect(errors.join("\n")).toMatch(/GET \/result failed: Error: handler blew up/);
  });

  it("serves only the route keys it was given", async () => {
    const unknown = await fetch(`${endpoint.url}/notes`);
    const wrongMethod = await fetch(`${endpoint.url}/result`, { method: "POST" });

    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({ message: "Not Found" });
    expect(wrongMethod.status).toBe(404);
  });

  it("refuses a body over API Gateway's 10 MB with 413, from the declared length, without reading it", async () => {
    const status = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = httpRequest(`${endpoint.url}/upload/big`, {
        method: "POST",
        headers: { "content-type": "application/octet-stream", "content-length": String(MAX_BODY_BYTES + 1) },
      });
      req.on("response", (res) => {
        let body = "";
        res.on("data", (chunk: Buffer) => {
          body += chunk.toString();
        });
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
      });
      req.on("error", reject);
      req.write(Buffer.alloc(1024));
    });

    expect(status).toEqual({ status: 413, body: '{"message":"Request Entity Too Large"}' });
  });

  it("refuses a streamed body once it passes 10 MB with 413", async () => {
    const result = await new Promise<number>((resolve) => {
      const req = httpRequest(`${endpoint.url}/upload/stream`, {
        method: "POST",
        headers: { "content-type": "application/octet-stream" },
      });
      req.on("response", (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on("error", () => {});
      const chunk = Buffer.alloc(1024 * 1024);
      let sent = 0;
      const pump = () => {
        while (sent < 12 && req.write(chunk)) sent++;
        if (sent < 12) req.once("drain", pump);
        else req.end();
      };
      pump();
    });

    expect(result).toBe(413);
  });
});
