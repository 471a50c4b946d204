/**
 * `npm run test:infra`: the offline Terraform checks of infra/ (fmt, init from the provider mirror, validate,
 * terraform test on a mock provider). Without terraform it says loudly that it skipped them and exits 0.
 */
import { createProgress } from "./progress.ts";
import { runScript } from "./script-error.ts";
import {
  createTerraformRunner,
  describeCliConfig,
  findTerraform,
  prepareCliConfig,
  terraformEnvironment,
} from "./terraform.ts";

runScript(async () => {
  const binary = findTerraform();
  if (!binary) {
    const line = "*".repeat(78);
    console.log(`\n${line}\n*** SKIPPED Terraform checks: terraform not found (PATH or $TERRAFORM).`);
    console.log(`*** infra/ was NOT checked: fmt, validate and terraform test did not run.\n${line}\n`);
    return 0;
  }
  const cliConfig = prepareCliConfig();
  console.log(`terraform ${binary}; ${describeCliConfig(cliConfig)}`);
  const terraform = createTerraformRunner(binary, terraformEnvironment(cliConfig.path, undefined));
  const progress = createProgress(4);
  await progress.step("terraform fmt -check -recursive", () =>
    terraform.run(
      ["fmt", "-check", "-recursive", "-diff"],
      "infra/ is not formatted: run terraform -chdir=infra fmt -recursive",
    ),
  );
  await progress.step("terraform init -backend=false (providers from the mirror)", () =>
    terraform.run(["init", "-backend=false", "-input=false"], "terraform init failed"),
  );
  await progress.step("terraform validate", () => terraform.run(["validate"], "terraform validate failed"));
  await progress.step("terraform test (mock AWS provider, plan and apply)", () =>
    terraform.run(["test"], "terraform test failed"),
  );
  console.log(`\nTerraform checks passed in ${progress.elapsed()}.`);
  return 0;
});
