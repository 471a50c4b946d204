import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, describe, expect, it } from "vitest";
import {
  checkAwsCredentials,
  checkEmulatorReachable,
  describeCredentialError,
} from "../../../scripts/preflight.ts";

const servers: Server[] = [];

afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

async function listen(handler: Parameters<typeof createServer>[1]): Promise<string> {
  const server = createServer(handler);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** A port on which nothing listens: a server's port, after the server closed. */
async function closedPort(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${port}`;
}

describe("checkEmulatorReachable", () => {
  it("accepts any HTTP answer, even a 404", async () => {
    const endpoint = await listen((_request, response) => response.writeHead(404).end());

    await expect(checkEmulatorReachable(endpoint)).resolves.toBeUndefined();
  });

  it("fails at once, naming the endpoint, when nothing listens", async () => {
    const endpoint = await closedPort();
    const started = performance.now();

    const check = checkEmulatorReachable(endpoint);

    await expect(check).rejects.toThrow(
      `nothing answers at the emulator endpoint ${endpoint} (ECONNREFUSED)`,
    );
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  it("gives up after its timeout when the endpoint accepts but never answers", async () => {
    const endpoint = await listen(() => {});

    await expect(checkEmulatorReachable(endpoint, 200)).rejects.toThrow(/no answer within 0.2 s/);
  });
});

describe("checkAwsCredentials", () => {
  it("returns whose credentials they are", async () => {
    const client = new STSClient({ region: "eu-west-1" });
    mockClient(client)
      .on(GetCallerIdentityCommand)
      .resolves({ Account: "123456789012", Arn: "arn:aws:iam::123456789012:user/ci" });

    await expect(checkAwsCredentials("eu-west-1", {}, client)).resolves.toEqual({
      account: "123456789012",
      arn: "arn:aws:iam::123456789012:user/ci",
    });
  });

  it("turns a credential chain failure into a message naming AWS_PROFILE", async () => {
    const client = new STSClient({ region: "eu-west-1" });
    const failure = Object.assign(new Error("Could not load credentials from any providers"), {
      name: "CredentialsProviderError",
    });
    mockClient(client).on(GetCallerIdentityCommand).rejects(failure);

    await expect(checkAwsCredentials("eu-west-1", { AWS_PROFILE: "sandbox" }, client)).rejects.toThrow(
      /no AWS credentials .*AWS_PROFILE=sandbox gave none/,
    );
  });
});

describe("describeCredentialError", () => {
  const noCredentials = Object.assign(new Error("Could not load credentials from any providers"), {
    name: "CredentialsProviderError",
  });

  it("names the missing half of a key pair", () => {
    expect(describeCredentialError(noCredentials, "us-east-1", { AWS_ACCESS_KEY_ID: "AKIA" })).toMatch(
      /AWS_SECRET_ACCESS_KEY is missing/,
    );
  });

  it("lists every way to provide credentials when none is set", () => {
    const message = describeCredentialError(noCredentials, "us-east-1", {});

    expect(message).toMatch(/AWS_PROFILE/);
    expect(message).toMatch(/AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY/);
  });

  it("says expired credentials have expired", () => {
    const expired = Object.assign(new Error("The security token included in the request is expired"), {
      name: "ExpiredToken",
    });

    expect(describeCredentialError(expired, "us-east-1", { AWS_PROFILE: "sandbox" })).toMatch(
      /AWS_PROFILE=sandbox have expired/,
    );
  });

  it("names the STS endpoint when it cannot be reached", () => {
    const offline = new Error("getaddrinfo ENOTFOUND sts.eu-west-1.amazonaws.com");

    expect(describeCredentialError(offline, "eu-west-1", {})).toMatch(/sts\.eu-west-1\.amazonaws\.com/);
  });
});
