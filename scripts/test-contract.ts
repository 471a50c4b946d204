/**
 * `npm run test:contract`: the contract tests (vitest project "contract"). Alone they run against the local
 * endpoint the tests start in-process. With `--target local|aws` (and --prefix, --region as for deploy) they
 * run against that deployed stack: API_URL is set from its `terraform output api_url`.
 * Any other argument goes to vitest (a test file, -t name, ...).
 */
import { spawn } from "node:child_process";
import { join } from "node:path";
import { PROJECT_ROOT } from "./project-paths.ts";
import { runScript, ScriptError } from "./script-error.ts";
import { parseStackArguments, workspaceName } from "./stack-options.ts";
import { initWorkspace } from "./stack-session.ts";
import { createTerraformRunner, findTerraform, prepareCliConfig, terraformEnvironment } from "./terraform.ts";

runScript(async () => {
  const { stack, rest } = parseStackArguments(process.argv.slice(2), process.env);
  const env: NodeJS.ProcessEnv = { ...process.env };
  if (stack) {
    const binary = findTerraform();
    if (!binary)
      throw new ScriptError("terraform is not installed: it is needed to read the deployed stack's api_url");
    const terraform = createTerraformRunner(
      binary,
      terraformEnvironment(prepareCliConfig().path, stack.target),
    );
    const deployed = await initWorkspace(terraform, stack, { create: false, quiet: true });
    const { code, stdout } = deployed
      ? await terraform.capture(["output", "-raw", "api_url"])
      : { code: 1, stdout: "" };
    if (code !== 0 || !/^https?:\/\//.test(stdout.trim())) {
      throw new ScriptError(
        `no deployed stack for --target ${stack.target} --prefix ${stack.prefix} (workspace ${workspaceName(stack)}): run npm run deploy -- --target ${stack.target} first`,
      );
    }
    env.API_URL = stdout.trim();
    console.log(`Contract tests against ${env.API_URL} (${stack.target}, prefix ${stack.prefix})`);
  }
  const vitest = join(PROJECT_ROOT, "node_modules", "vitest", "vitest.mjs");
  const child = spawn(process.execPath, [vitest, "run", "--project", "contract", ...rest], {
    cwd: PROJECT_ROOT,
    env,
    stdio: "inherit",
  });
  return await new Promise<number>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
});
