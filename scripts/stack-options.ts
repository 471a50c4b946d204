import { ScriptError } from "./script-error.ts";

export type Target = "local" | "aws";

/** Which stack a deploy, teardown or deployed contract run is about, from the command line and environment. */
export interface StackOptions {
  target: Target;
  prefix: string;
  region: string;
  /** The emulator endpoint; only used with target "local". */
  endpoint: string;
  /** Extra `-var name=value` for Terraform, from `--var name=value`. */
  vars: string[];
}

export interface ParsedArguments {
  /** Undefined when no --target was given. */
  stack: StackOptions | undefined;
  /** Arguments this parser does not know, in order (passed on, e.g. to vitest). */
  rest: string[];
}

export const DEFAULT_PREFIX = "notes-api";
export const DEFAULT_REGION = "us-east-1";
export const DEFAULT_ENDPOINT = "http://localhost:4566";
const OPTIONS = ["target", "prefix", "region", "endpoint", "var"] as const;
type OptionName = (typeof OPTIONS)[number];

/**
 * Reads `--target local|aws`, `--prefix`, `--region`, `--endpoint` and repeated `--var name=value`
 * (`--name value` or `--name=value`). The region defaults to AWS_REGION, then AWS_DEFAULT_REGION, then
 * us-east-1; the endpoint to AWS_ENDPOINT_URL, then http://localhost:4566.
 */
export function parseStackArguments(argv: readonly string[], env: NodeJS.ProcessEnv): ParsedArguments {
  const given: Partial<Record<Exclude<OptionName, "var">, string>> = {};
  const vars: string[] = [];
  const rest: string[] = [];
  for (let index = 0; index < argv.length; index += 1) {
    const argument = argv[index] as string;
    const match = /^--([a-z]+)(?:=(.*))?$/s.exec(argument);
    const name = match?.[1] as OptionName | undefined;
    if (!match || name === undefined || !OPTIONS.includes(name)) {
      rest.push(argument);
      continue;
    }
    let value = match[2];
    if (value === undefined) {
      value = argv[index + 1];
      if (value === undefined || value.startsWith("--")) throw new ScriptError(`--${name} needs a value`);
      index += 1;
    }
    if (name === "var") {
      if (!/^[A-Za-z_][A-Za-z0-9_-]*=/.test(value))
        throw new ScriptError(`--var takes name=value, not "${value}"`);
      vars.push(value);
    } else {
      given[name] = value;
    }
  }

  const anyStackOption = Object.keys(given).length > 0 || vars.length > 0;
  // CORS_ALLOW_ORIGINS, the setting the local endpoint reads, deploys as cors_allowed_origins (unless --var).
  const corsOrigins = (env.CORS_ALLOW_ORIGINS ?? "")
    .split(",")
    .map((origin) => origin.trim())
    .filter((origin) => origin !== "");
  if (corsOrigins.length > 0 && !vars.some((variable) => variable.startsWith("cors_allowed_origins="))) {
    vars.push(`cors_allowed_origins=${JSON.stringify(corsOrigins)}`);
  }
  if (given.target === undefined) {
    if (anyStackOption)
      throw new ScriptError("--target local|aws is required with --prefix, --region, --endpoint or --var");
    return { stack: undefined, rest };
  }
  if (given.target !== "local" && given.target !== "aws") {
    throw new ScriptError(
      `--target must be "local" (an emulator) or "aws" (a real account), not "${given.target}"`,
    );
  }
  const prefix = given.prefix ?? DEFAULT_PREFIX;
  if (!/^[a-z][a-z0-9-]{1,38}[a-z0-9]$/.test(prefix)) {
    throw new ScriptError(`--prefix must be 3 to 40 lower-case letters, digits and dashes, not "${prefix}"`);
  }
  const endpoint = (given.endpoint ?? nonEmpty(env.AWS_ENDPOINT_URL) ?? DEFAULT_ENDPOINT).replace(/\/+$/, "");
  if (!/^https?:\/\/[^/\s]+$/.test(endpoint)) {
    throw new ScriptError(
      `the endpoint must be an http(s) URL without a path, such as ${DEFAULT_ENDPOINT}, not "${endpoint}"`,
    );
  }
  return {
    stack: {
      target: given.target,
      prefix,
      region: given.region ?? nonEmpty(env.AWS_REGION) ?? nonEmpty(env.AWS_DEFAULT_REGION) ?? DEFAULT_REGION,
      endpoint,
      vars,
    },
    rest,
  };
}

/** Like parseStackArguments, for the scripts that cannot do anything without a target. */
export function requireStackOptions(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
  usage: string,
): StackOptions {
  const { stack, rest } = parseStackArguments(argv, env);
  if (!stack) throw new ScriptError(`--target local|aws is required. Usage: ${usage}`);
  if (rest.length > 0) throw new ScriptError(`unknown argument ${rest.join(" ")}. Usage: ${usage}`);
  return stack;
}

/** One Terraform state per target and prefix, so a local stack and an AWS stack never share state. */
export function workspaceName(stack: StackOptions): string {
  return `${stack.target}-${stack.prefix}`;
}

/** The -var arguments every terraform command about this stack gets. */
export function terraformVariables(stack: StackOptions, lambdaZipPath: string): string[] {
  const variables = [
    `target=${stack.target}`,
    `prefix=${stack.prefix}`,
    `region=${stack.region}`,
    ...(stack.target === "local" ? [`endpoint=${stack.endpoint}`] : []),
    `lambda_zip_path=${lambdaZipPath}`,
    ...stack.vars,
  ];
  return variables.flatMap((variable) => ["-var", variable]);
}

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}
