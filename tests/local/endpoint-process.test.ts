import { describe, expect, it } from "vitest";
import { spawnEndpointProcess } from "../../local/endpoint-process.ts";

/** The local endpoint as a process of its own, as the contract tests and the benchmark start it. */
describe("local/endpoint-process.ts", () => {
  it("serves the API over an in-memory store, and stops when its parent's pipe closes", async () => {
    const environment: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: "ERROR" };
    delete environment.AWS_ENDPOINT_URL_DYNAMODB;
    delete environment.AWS_ENDPOINT_URL;
    const endpoint = spawnEndpointProcess({ env: environment, output: () => {} });
    const url = await endpoint.url;

    const created = await fetch(`${url}/notes`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ title: "from a test" }),
    });
    expect(created.status).toBe(201);

    const exited = new Promise<number | null>((resolve) => endpoint.child.once("exit", resolve));
    endpoint.child.stdin.end();
    expect(await exited).toBe(0);
  });

  it("rejects its URL when it cannot start (its reason goes to stderr)", async () => {
    const endpoint = spawnEndpointProcess({
      env: { ...process.env, AWS_ENDPOINT_URL_DYNAMODB: "http://127.0.0.1:9", LOG_LEVEL: "ERROR" },
      output: () => {},
    });

    await expect(endpoint.url).rejects.toThrow("the local endpoint exited before it was ready (exit 1)");
    await endpoint.stop();
  });
});
