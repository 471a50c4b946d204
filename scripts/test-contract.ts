/**
 * `npm run test:contract`: the contract tests (vitest project "contract"). Alone they run against a local
 * endpoint (local/endpoint-process.ts) this script starts in a process of its own while vitest starts, so the two
 * start-ups overlap; vitest's global setup reads the endpoint's URL from file descriptor 3 once it is ready.
 * With API_URL set they run against that URL; with `--target local|aws` (and --prefix, --region as for deploy)
 * against that deployed stack: API_URL is set from its `terraform output api_url`.
 * Any other argument goes to vitest (a test file, -t name, ...).
 */
import { spawn } from "node:child_process";
import { join } from "node:path";
import type { Writable } from "node:stream";
import { type EndpointProcess, spawnEndpointProcess } from "../local/endpoint-process.ts";
import { COMPILE_CACHE_DIR, PROJECT_ROOT } from "./project-paths.ts";
import { runScript, ScriptError } from "./script-error.ts";
import { parseStackArguments, workspaceName } from "./stack-options.ts";

runScript(async () => {
  const { stack, rest } = parseStackArguments(process.argv.slice(2), process.env);
  const env: NodeJS.ProcessEnv = { ...process.env };
  if (stack) {
    // Only here: loading Terraform and the AWS SDK would otherwise delay every local run.
    const [
      { initWorkspace },
      { createTerraformRunner, findTerraform, prepareCliConfig, terraformEnvironment },
    ] = await Promise.all([import("./stack-session.ts"), import("./terraform.ts")]);
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
  let endpoint: EndpointProcess | undefined;
  if (!env.API_URL) {
    endpoint = spawnEndpointProcess({ env });
    env.LOCAL_ENDPOINT_URL_FD = "3";
  }
  const vitest = join(PROJECT_ROOT, "node_modules", "vitest", "vitest.mjs");
  const child = spawn(process.execPath, [vitest, "run", "--project", "contract", ...rest], {
    cwd: PROJECT_ROOT,
    // Node's code cache for vitest's own modules (the endpoint keeps one too): a run after the first ends
    // about 0.1-0.3 s sooner (bench/README.md). NODE_DISABLE_COMPILE_CACHE=1 turns it off.
    env: { NODE_COMPILE_CACHE: COMPILE_CACHE_DIR, ...env },
    stdio: ["inherit", "inherit", "inherit", endpoint ? "pipe" : "ignore"],
  });
  if (endpoint) {
    const urlPipe = child.stdio[3] as Writable;
    urlPipe.on("error", () => {}); // vitest may exit before reading it (a bad argument)
    endpoint.url.then(
      (url) => urlPipe.end(`${url}\n`),
      (error: Error) => urlPipe.end(`${error.message}\n`),
    );
  }
  try {
    return await new Promise<number>((resolve, reject) => {
      child.on("error", reject);
      child.on("close", (code, signal) => resolve(code ?? (signal ? 1 : 0)));
    });
  } finally {
    await endpoint?.stop();
  }
});
