import { checkAwsCredentials, checkEmulatorReachable } from "./preflight.ts";
import { ScriptError } from "./script-error.ts";
import { type StackOptions, workspaceName } from "./stack-options.ts";
import {
  createTerraformRunner,
  describeCliConfig,
  findTerraform,
  prepareCliConfig,
  type TerraformRunner,
  terraformEnvironment,
} from "./terraform.ts";

/** Describes the stack in one line: which target, prefix, region (and endpoint). */
export function describeStack(stack: StackOptions): string {
  const where = stack.target === "local" ? `emulator ${stack.endpoint}` : "AWS";
  return `${where}, region ${stack.region}, prefix "${stack.prefix}", state workspace ${workspaceName(stack)}`;
}

/**
 * The checks that must pass before Terraform runs, each failing within seconds with a message a person can
 * act on: terraform is installed; the emulator answers (local) or the credentials work (aws).
 */
export async function preflight(
  stack: StackOptions,
  log: (line: string) => void = console.log,
): Promise<TerraformRunner> {
  const binary = findTerraform();
  if (!binary) {
    throw new ScriptError(
      "terraform is not installed: put it on PATH (https://developer.hashicorp.com/terraform/install) or set TERRAFORM=/path/to/terraform.",
    );
  }
  if (stack.target === "local") {
    await checkEmulatorReachable(stack.endpoint);
    log(`    emulator answers at ${stack.endpoint}`);
  } else {
    for (const name of Object.keys(process.env)) {
      if (name.startsWith("AWS_ENDPOINT_URL")) {
        log(`    ignoring ${name} for --target aws`);
        delete process.env[name];
      }
    }
    const identity = await checkAwsCredentials(stack.region);
    log(`    AWS account ${identity.account} as ${identity.arn}, region ${stack.region}`);
  }
  const cliConfig = prepareCliConfig();
  log(`    terraform ${binary}; ${describeCliConfig(cliConfig)}`);
  return createTerraformRunner(binary, terraformEnvironment(cliConfig.path, stack.target));
}

/**
 * `terraform init` (offline from the mirror), then the stack's workspace, created when `create` is set.
 * Answers whether the workspace exists (always true with `create`). `quiet` keeps init's report off stdout.
 */
export async function initWorkspace(
  terraform: TerraformRunner,
  stack: StackOptions,
  { create, quiet = false }: { create: boolean; quiet?: boolean },
): Promise<boolean> {
  const init = ["init", "-input=false"];
  if (quiet) {
    const { code } = await terraform.capture(init);
    if (code !== 0) throw new ScriptError("terraform init failed (its errors are above)");
  } else {
    await terraform.run(init, "terraform init failed");
  }
  const name = workspaceName(stack);
  if (create) {
    await terraform.capture(["workspace", "select", "-or-create=true", name]);
    const { stdout } = await terraform.capture(["workspace", "show"]);
    if (stdout.trim() !== name)
      throw new ScriptError(`could not select or create the Terraform workspace ${name}`);
    return true;
  }
  const { stdout } = await terraform.capture(["workspace", "list"]);
  const exists = stdout.split("\n").some((line) => line.replace(/^\*?\s*/, "").trim() === name);
  if (exists) await terraform.run(["workspace", "select", name], `could not select workspace ${name}`);
  return exists;
}
