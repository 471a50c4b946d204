import { spawn } from "node:child_process";
import {
  accessSync,
  constants,
  existsSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { homedir } from "node:os";
import { delimiter, join } from "node:path";
import { INFRA_DIR } from "./project-paths.ts";
import { ScriptError } from "./script-error.ts";
import type { Target } from "./stack-options.ts";

/** The project's CLI configuration, committed: the mirror where the development and CI machines carry it. */
export const COMMITTED_CLI_CONFIG = join(INFRA_DIR, "terraform.rc");
/** Written (git-ignored) when the mirror is somewhere else. */
export const GENERATED_CLI_CONFIG = join(INFRA_DIR, ".terraform.rc.local");
const PROVIDER = ["registry.terraform.io", "hashicorp", "aws"] as const;

/** The terraform binary: $TERRAFORM, else the first `terraform` on PATH; undefined when there is none. */
export function findTerraform(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.TERRAFORM) return isExecutable(env.TERRAFORM) ? env.TERRAFORM : undefined;
  for (const directory of (env.PATH ?? "").split(delimiter)) {
    if (!directory) continue;
    const candidate = join(directory, process.platform === "win32" ? "terraform.exe" : "terraform");
    if (isExecutable(candidate)) return candidate;
  }
  return undefined;
}

/** Terraform's name for this machine's platform, as in a provider mirror: linux_amd64, darwin_arm64, ... */
export function terraformPlatform(platform: string = process.platform, arch: string = process.arch): string {
  const os = platform === "win32" ? "windows" : platform;
  const cpu =
    ({ x64: "amd64", ia32: "386", arm64: "arm64", arm: "arm" } as Record<string, string>)[arch] ?? arch;
  return `${os}_${cpu}`;
}

/**
 * Where a hashicorp/aws filesystem mirror may be: $TF_PLUGIN_MIRROR, the path the committed CLI config
 * names (/opt/tf-plugins on the project's machines), then Terraform's own implied local mirror directories.
 */
export function providerMirrorCandidates(
  env: NodeJS.ProcessEnv = process.env,
  home: string = homedir(),
): string[] {
  return [
    env.TF_PLUGIN_MIRROR,
    committedMirrorPath(),
    join(home, ".terraform.d", "plugins"),
    join(home, ".local", "share", "terraform", "plugins"),
    "/usr/local/share/terraform/plugins",
    "/usr/share/terraform/plugins",
  ].filter((candidate): candidate is string => Boolean(candidate));
}

/** The first candidate holding hashicorp/aws for this platform, unpacked or packed; undefined if none. */
export function findProviderMirror(
  candidates: readonly string[],
  platform: string = terraformPlatform(),
): string | undefined {
  return candidates.find((mirror) => {
    const providerDir = join(mirror, ...PROVIDER);
    if (!existsSync(providerDir)) return false;
    return readdirSync(providerDir).some(
      (entry) =>
        existsSync(join(providerDir, entry, platform)) ||
        (entry.startsWith("terraform-provider-aws_") && entry.endsWith(`_${platform}.zip`)),
    );
  });
}

/** A CLI configuration installing hashicorp/* only from the mirror: `terraform init` never goes online for them. */
export function cliConfigForMirror(mirror: string): string {
  return [
    "# Written by scripts/terraform.ts for the provider mirror found on this machine. Not committed.",
    "provider_installation {",
    "  filesystem_mirror {",
    `    path    = ${JSON.stringify(mirror)}`,
    '    include = ["registry.terraform.io/hashicorp/*"]',
    "  }",
    "}",
    "",
  ].join("\n");
}

export interface CliConfig {
  /** The file TF_CLI_CONFIG_FILE points at. */
  path: string;
  /** The provider mirror it uses; undefined when none was found and Terraform installs from the registry. */
  mirror: string | undefined;
}

/**
 * Chooses the CLI configuration for every terraform command the scripts run: the committed infra/terraform.rc
 * when the mirror is where it says, else a generated one for wherever the mirror is. Without any mirror the
 * generated file is empty, so Terraform installs from its registry (which needs the network).
 */
export function prepareCliConfig(env: NodeJS.ProcessEnv = process.env): CliConfig {
  const mirror = findProviderMirror(providerMirrorCandidates(env));
  if (mirror !== undefined && mirror === committedMirrorPath()) return { path: COMMITTED_CLI_CONFIG, mirror };
  writeFileSync(
    GENERATED_CLI_CONFIG,
    mirror === undefined
      ? "# Written by scripts/terraform.ts: no hashicorp/aws provider mirror found, providers come from the registry.\n"
      : cliConfigForMirror(mirror),
  );
  return { path: GENERATED_CLI_CONFIG, mirror };
}

/** Describes the CLI configuration in one line for the logs. */
export function describeCliConfig(config: CliConfig, env: NodeJS.ProcessEnv = process.env): string {
  if (config.mirror !== undefined) return `providers from the mirror ${config.mirror} (${config.path})`;
  return `no hashicorp/aws mirror in ${providerMirrorCandidates(env).join(", ")}: providers come from the registry (needs the network; set TF_PLUGIN_MIRROR to use a mirror)`;
}

/**
 * The environment of a terraform process: the project's CLI configuration, no prompts, and for target "aws"
 * no AWS_ENDPOINT_URL* left over from emulator work, so "aws" always means the real service endpoints.
 */
export function terraformEnvironment(
  cliConfigPath: string,
  target: Target | undefined,
  base: NodeJS.ProcessEnv = process.env,
): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...base,
    TF_CLI_CONFIG_FILE: cliConfigPath,
    TF_IN_AUTOMATION: "1",
    TF_INPUT: "0",
  };
  if (target === "aws") {
    for (const name of Object.keys(env)) if (name.startsWith("AWS_ENDPOINT_URL")) delete env[name];
  }
  return env;
}

/** Commands whose output loses its colour codes when it goes to a file or a CI log rather than a terminal. */
const COLORED_COMMANDS = new Set(["init", "plan", "apply", "destroy", "output", "validate", "test"]);

export interface TerraformRunner {
  /** Runs `terraform -chdir=infra <args>` with its output streamed; throws a ScriptError if it fails. */
  run(args: readonly string[], failure: string): Promise<void>;
  /** Runs it with stdout captured (stderr still streamed); returns stdout and the exit code. */
  capture(args: readonly string[]): Promise<{ code: number; stdout: string }>;
}

export function createTerraformRunner(binary: string, env: NodeJS.ProcessEnv): TerraformRunner {
  const spawnTerraform = (args: readonly string[], captureStdout: boolean) =>
    new Promise<{ code: number; stdout: string }>((resolve, reject) => {
      const [command = "", ...options] = args;
      const plain = !process.stdout.isTTY && COLORED_COMMANDS.has(command) && !options.includes("-no-color");
      const child = spawn(
        binary,
        [`-chdir=${INFRA_DIR}`, command, ...(plain ? ["-no-color"] : []), ...options],
        {
          env,
          stdio: ["ignore", captureStdout ? "pipe" : "inherit", "inherit"],
        },
      );
      let stdout = "";
      child.stdout?.setEncoding("utf8").on("data", (chunk: string) => {
        stdout += chunk;
      });
      child.on("error", reject);
      child.on("close", (code, signal) => resolve({ code: code ?? (signal ? 128 : 1), stdout }));
    });
  return {
    async run(args, failure) {
      const { code } = await spawnTerraform(args, false);
      if (code !== 0)
        throw new ScriptError(`${failure} (terraform ${args[0]} exited with ${code}; its output is above)`);
    },
    capture: (args) => spawnTerraform(args, true),
  };
}

/** The mirror path the committed infra/terraform.rc names. */
function committedMirrorPath(): string | undefined {
  const text = existsSync(COMMITTED_CLI_CONFIG) ? readFileSync(COMMITTED_CLI_CONFIG, "utf8") : "";
  return /^\s*path\s*=\s*"([^"]+)"/m.exec(text)?.[1];
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
