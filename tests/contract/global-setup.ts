/**
 * Where the contract tests send their requests:
 * - API_URL, when set: a deployed stack;
 * - the local endpoint `npm run test:contract` started before vitest (scripts/test-contract.ts), whose URL it
 *   writes to the file descriptor named by LOCAL_ENDPOINT_URL_FD once the endpoint is ready;
 * - else a local endpoint started here, in a process of its own (local/endpoint-process.ts).
 * The local endpoint serves from a fresh in-memory embedded store, or from the DynamoDB named by
 * AWS_ENDPOINT_URL_DYNAMODB / AWS_ENDPOINT_URL in a fresh table. Its own process, so serving requests does not
 * queue behind the test runner's own work on one thread.
 */
import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";
import type { TestProject } from "vitest/node";
import { spawnEndpointProcess } from "../../local/endpoint-process.ts";

declare module "vitest" {
  export interface ProvidedContext {
    /** Base URL of the API under test, without a trailing slash. */
    apiUrl: string;
    /** True when the tests run against a local endpoint. */
    localEndpoint: boolean;
  }
}

export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  const apiUrl = process.env.API_URL;
  if (apiUrl) {
    project.provide("apiUrl", apiUrl.replace(/\/+$/, ""));
    project.provide("localEndpoint", false);
    return undefined;
  }
  const urlFd = process.env.LOCAL_ENDPOINT_URL_FD;
  if (urlFd) {
    project.provide("apiUrl", await firstLine(Number(urlFd)));
    project.provide("localEndpoint", true);
    return undefined;
  }
  const endpoint = spawnEndpointProcess();
  try {
    project.provide("apiUrl", await endpoint.url);
  } catch (error) {
    await endpoint.stop();
    throw error;
  }
  project.provide("localEndpoint", true);
  return () => endpoint.stop();
}

/** The URL the parent writes, or the reason it could not start the endpoint. */
async function firstLine(fd: number): Promise<string> {
  const lines = createInterface({ input: createReadStream("", { fd }) });
  for await (const line of lines) {
    lines.close();
    if (line.startsWith("http")) return line;
    throw new Error(line);
  }
  throw new Error(`nothing arrived on file descriptor ${fd} (LOCAL_ENDPOINT_URL_FD)`);
}
