import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { ScriptError } from "./script-error.ts";

export const PROBE_TIMEOUT_MS = 3_000;

/**
 * Fails fast, naming the endpoint, when nothing answers there. Any HTTP answer (even a 404) means an emulator
 * listens: which services it offers only Terraform can tell.
 */
export async function checkEmulatorReachable(
  endpoint: string,
  timeoutMs: number = PROBE_TIMEOUT_MS,
): Promise<void> {
  try {
    const response = await fetch(endpoint, { signal: AbortSignal.timeout(timeoutMs), redirect: "manual" });
    await response.body?.cancel();
  } catch (error) {
    throw new ScriptError(
      [
        `nothing answers at the emulator endpoint ${endpoint} (${describeFetchError(error, timeoutMs)}).`,
        "Start a LocalStack-style emulator listening there, or point at yours with --endpoint URL or AWS_ENDPOINT_URL.",
      ].join("\n"),
    );
  }
}

export interface CallerIdentity {
  account: string;
  arn: string;
}

/**
 * Resolves credentials through the SDK's default provider chain (the same sources Terraform's provider reads)
 * and asks STS who they belong to, so missing or expired credentials fail here, named, in seconds.
 */
export async function checkAwsCredentials(
  region: string,
  env: NodeJS.ProcessEnv = process.env,
  client: STSClient = new STSClient({
    region,
    maxAttempts: 1,
    requestHandler: { connectionTimeout: PROBE_TIMEOUT_MS, requestTimeout: 5_000 },
  }),
): Promise<CallerIdentity> {
  try {
    const identity = await client.send(new GetCallerIdentityCommand({}));
    return { account: identity.Account ?? "?", arn: identity.Arn ?? "?" };
  } catch (error) {
    throw new ScriptError(describeCredentialError(error, region, env));
  } finally {
    client.destroy();
  }
}

/** What is missing or wrong, in terms of the variables and files a person sets. */
export function describeCredentialError(error: unknown, region: string, env: NodeJS.ProcessEnv): string {
  const name = error instanceof Error ? error.name : "";
  const message = error instanceof Error ? error.message : String(error);
  const source = env.AWS_PROFILE
    ? `the profile AWS_PROFILE=${env.AWS_PROFILE}`
    : env.AWS_ACCESS_KEY_ID
      ? "AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY"
      : "the default profile";
  if (
    name === "CredentialsProviderError" ||
    /could not load credentials|profile .* could not be found/i.test(message)
  ) {
    return `no AWS credentials (${message}): ${missingCredentialHint(env)}`;
  }
  if (/ExpiredToken|TokenRefreshRequired|expired/i.test(`${name} ${message}`)) {
    return `the AWS credentials from ${source} have expired (${message}). Renew them (aws sso login, or new keys) and retry.`;
  }
  if (
    /InvalidClientTokenId|SignatureDoesNotMatch|UnrecognizedClient|AccessDenied/i.test(`${name} ${message}`)
  ) {
    return `AWS refused the credentials from ${source} (${name}: ${message}). Check AWS_PROFILE / AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY.`;
  }
  return `could not check the AWS credentials with STS in ${region} (sts.${region}.amazonaws.com): ${name ? `${name}: ` : ""}${message}. Is the network up and the region (--region or AWS_REGION) right?`;
}

function missingCredentialHint(env: NodeJS.ProcessEnv): string {
  if (env.AWS_PROFILE) {
    return `AWS_PROFILE=${env.AWS_PROFILE} gave none. Is that profile in ~/.aws/config or ~/.aws/credentials? For SSO, run \`aws sso login --profile ${env.AWS_PROFILE}\` first.`;
  }
  if (env.AWS_ACCESS_KEY_ID && !env.AWS_SECRET_ACCESS_KEY)
    return "AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is missing.";
  if (env.AWS_SECRET_ACCESS_KEY && !env.AWS_ACCESS_KEY_ID)
    return "AWS_SECRET_ACCESS_KEY is set but AWS_ACCESS_KEY_ID is missing.";
  return [
    "none of AWS_PROFILE, AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, ~/.aws/credentials or an instance role is set up.",
    "Set AWS_PROFILE to a profile of ~/.aws/config (run `aws sso login --profile NAME` first for SSO),",
    "or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (plus AWS_SESSION_TOKEN for temporary credentials).",
  ].join("\n");
}

function describeFetchError(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError")) {
    return `no answer within ${timeoutMs / 1000} s`;
  }
  const cause =
    error instanceof Error ? (error.cause as { code?: string; message?: string } | undefined) : undefined;
  return cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
}
