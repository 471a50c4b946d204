/**
 * `npm run teardown -- --target local|aws [--prefix P] [--region R] [--endpoint URL]`: terraform destroy, then
 * an audit of the account (or emulator) for anything named from the prefix that survived. Exits non-zero
 * naming the survivors, or the kinds it could not list.
 */
import { existsSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import { createProgress } from "./progress.ts";
import { LAMBDA_ZIP, PLACEHOLDER_ZIP } from "./project-paths.ts";
import { runScript, ScriptError } from "./script-error.ts";
import { type AuditResult, createAuditClients, destroyAuditClients, findSurvivors } from "./stack-audit.ts";
import { requireStackOptions, terraformVariables, workspaceName } from "./stack-options.ts";
import { describeStack, initWorkspace, preflight } from "./stack-session.ts";

const USAGE =
  "npm run teardown -- --target local|aws [--prefix notes-api] [--region us-east-1] [--endpoint URL]";
/** AWS listings can lag a deletion by a few seconds (IAM especially): look again before calling it a survivor. */
const AUDIT_ATTEMPTS = 4;
const AUDIT_PAUSE_MS = 5_000;

runScript(async () => {
  const stack = requireStackOptions(process.argv.slice(2), process.env, USAGE);
  console.log(`Tearing down ${describeStack(stack)}`);
  const progress = createProgress(4);

  const terraform = await progress.step("Preflight", () => preflight(stack));
  const hasState = await progress.step("terraform init", () =>
    initWorkspace(terraform, stack, { create: false }),
  );
  // A failed destroy still gets the audit: what is left is what the person has to deal with.
  const destroyFailure = await progress.step("terraform destroy", async (): Promise<string | undefined> => {
    if (!hasState) {
      console.log(
        `    no Terraform state for workspace ${workspaceName(stack)}: nothing to destroy, auditing anyway`,
      );
      return undefined;
    }
    // Destroying needs no code: the placeholder package keeps it working on a clone that never built.
    const zip = existsSync(LAMBDA_ZIP) ? LAMBDA_ZIP : PLACEHOLDER_ZIP;
    try {
      await terraform.run(
        ["destroy", "-auto-approve", "-input=false", ...terraformVariables(stack, zip)],
        `terraform destroy failed for ${describeStack(stack)}`,
      );
    } catch (error) {
      if (error instanceof ScriptError) return error.message;
      throw error;
    }
    await terraform.run(["workspace", "select", "default"], "could not leave the stack's workspace");
    await terraform.run(
      ["workspace", "delete", workspaceName(stack)],
      "could not delete the emptied workspace",
    );
    return undefined;
  });

  const audit = await progress.step(`Audit: anything named "${stack.prefix}..." left?`, async () => {
    const clients = createAuditClients(stack);
    try {
      let result: AuditResult = await findSurvivors(clients, stack.prefix);
      // After a failed destroy, survivors are expected: no point waiting for them to vanish.
      const attempts = destroyFailure === undefined ? AUDIT_ATTEMPTS : 1;
      for (let attempt = 2; attempt <= attempts && result.survivors.length > 0; attempt += 1) {
        console.log(
          `    ${result.survivors.length} left; looking again in ${AUDIT_PAUSE_MS / 1000} s (listings lag deletions)`,
        );
        await sleep(AUDIT_PAUSE_MS);
        result = await findSurvivors(clients, stack.prefix);
      }
      return result;
    } finally {
      destroyAuditClients(clients);
    }
  });

  for (const survivor of audit.survivors) console.error(`  SURVIVOR ${survivor.kind}: ${survivor.name}`);
  for (const failure of audit.failures) console.error(`  NOT CHECKED ${failure}`);
  if (destroyFailure !== undefined) {
    console.error(
      `\nTeardown failed after ${progress.elapsed()}: ${destroyFailure}. Fix that and rerun the teardown.`,
    );
    return 1;
  }
  if (audit.survivors.length > 0) {
    console.error(
      `\nTeardown incomplete after ${progress.elapsed()}: ${audit.survivors.length} resource(s) named "${stack.prefix}..." survived.` +
        " Rerun the teardown, or delete them by hand (the audit matches every name starting with the prefix).",
    );
    return 1;
  }
  if (audit.failures.length > 0) {
    console.error(
      `\nTeardown not verified after ${progress.elapsed()}: ${audit.failures.length} kind(s) of resource could not be listed (above).` +
        " Check them in the console, or rerun with credentials that may list them.",
    );
    return 1;
  }
  console.log(
    `\nTorn down in ${progress.elapsed()}: no table, function, HTTP API, IAM role or log group named "${stack.prefix}..." is left.`,
  );
  return 0;
});
