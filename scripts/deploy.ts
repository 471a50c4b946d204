/**
 * `npm run deploy -- --target local|aws [--prefix P] [--region R] [--endpoint URL] [--var name=value ...]`:
 * preflight, build, terraform init + apply, then the outputs and a curl to paste.
 */
import { buildLambdaPackage, formatBytes } from "./lambda-package.ts";
import { createProgress } from "./progress.ts";
import { runScript, ScriptError } from "./script-error.ts";
import { requireStackOptions, terraformVariables } from "./stack-options.ts";
import { describeStack, initWorkspace, preflight } from "./stack-session.ts";

const USAGE =
  "npm run deploy -- --target local|aws [--prefix notes-api] [--region us-east-1] [--endpoint URL] [--var name=value]";

runScript(async () => {
  const stack = requireStackOptions(process.argv.slice(2), process.env, USAGE);
  console.log(`Deploying to ${describeStack(stack)}`);
  const progress = createProgress(5);

  const terraform = await progress.step("Preflight", () => preflight(stack));
  const built = await progress.step("Build the Lambda package", async () => {
    const result = await buildLambdaPackage();
    console.log(`    ${result.zipPath} ${formatBytes(result.zipBytes)}`);
    return result;
  });
  await progress.step("terraform init", () => initWorkspace(terraform, stack, { create: true }));
  await progress.step("terraform apply", () =>
    terraform.run(
      ["apply", "-auto-approve", "-input=false", ...terraformVariables(stack, built.zipPath)],
      `terraform apply failed for ${describeStack(stack)}`,
    ),
  );
  const outputs = await progress.step("Outputs", async () => {
    const { code, stdout } = await terraform.capture(["output", "-json"]);
    if (code !== 0) throw new ScriptError("terraform output failed after a successful apply");
    return JSON.parse(stdout) as Record<string, { value: unknown }>;
  });

  const apiUrl = String(outputs.api_url?.value ?? "");
  console.log("");
  for (const [name, output] of Object.entries(outputs))
    console.log(`  ${name.padEnd(14)} ${String(output.value)}`);
  console.log(`\nDeployed in ${progress.elapsed()}. Try it:\n`);
  console.log(`  export API_URL=${apiUrl}`);
  console.log(
    `  curl -i -X POST "$API_URL/notes" -H 'content-type: application/json' -d '{"title":"buy oat milk","content":"2L"}'`,
  );
  console.log(`  curl -s "$API_URL/notes"`);
  console.log(
    `\n  npm run test:contract -- --target ${stack.target}${stack.prefix === "notes-api" ? "" : ` --prefix ${stack.prefix}`}`,
  );
  console.log(
    `  npm run teardown -- --target ${stack.target}${stack.prefix === "notes-api" ? "" : ` --prefix ${stack.prefix}`}`,
  );
  return 0;
});
