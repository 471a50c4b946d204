import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  cliConfigForMirror,
  findProviderMirror,
  findTerraform,
  providerMirrorCandidates,
  terraformEnvironment,
  terraformPlatform,
} from "../../../scripts/terraform.ts";

let scratch: string;

beforeEach(() => {
  scratch = mkdtempSync(join(tmpdir(), "notes-terraform-"));
});

afterEach(() => {
  rmSync(scratch, { recursive: true, force: true });
});

function unpackedMirror(name: string, platform: string): string {
  const mirror = join(scratch, name);
  mkdirSync(join(mirror, "registry.terraform.io", "hashicorp", "aws", "5.100.0", platform), {
    recursive: true,
  });
  return mirror;
}

describe("findProviderMirror", () => {
  it("picks the first candidate that holds hashicorp/aws for this platform", () => {
    const empty = join(scratch, "empty");
    mkdirSync(empty);
    const otherPlatform = unpackedMirror("darwin", "darwin_arm64");
    const mirror = unpackedMirror("linux", "linux_amd64");
    const later = unpackedMirror("later", "linux_amd64");

    const found = findProviderMirror(
      [join(scratch, "missing"), empty, otherPlatform, mirror, later],
      "linux_amd64",
    );

    expect(found).toBe(mirror);
  });

  it("recognises a packed mirror (provider zips) too", () => {
    const mirror = join(scratch, "packed");
    const providerDir = join(mirror, "registry.terraform.io", "hashicorp", "aws");
    mkdirSync(providerDir, { recursive: true });
    writeFileSync(join(providerDir, "terraform-provider-aws_5.100.0_linux_arm64.zip"), "");

    expect(findProviderMirror([mirror], "linux_arm64")).toBe(mirror);
    expect(findProviderMirror([mirror], "linux_amd64")).toBeUndefined();
  });
});

describe("providerMirrorCandidates", () => {
  it("tries TF_PLUGIN_MIRROR first, then the mirror the committed CLI config names, then Terraform's own places", () => {
    const candidates = providerMirrorCandidates({ TF_PLUGIN_MIRROR: "/mnt/mirror" }, "/home/dev");

    expect(candidates).toEqual([
      "/mnt/mirror",
      "/opt/tf-plugins",
      "/home/dev/.terraform.d/plugins",
      "/home/dev/.local/share/terraform/plugins",
      "/usr/local/share/terraform/plugins",
      "/usr/share/terraform/plugins",
    ]);
  });
});

describe("terraformPlatform", () => {
  it.each([
    ["linux", "x64", "linux_amd64"],
    ["linux", "arm64", "linux_arm64"],
    ["darwin", "arm64", "darwin_arm64"],
    ["win32", "x64", "windows_amd64"],
  ])("names %s/%s as %s", (platform, arch, expected) => {
    expect(terraformPlatform(platform, arch)).toBe(expected);
  });
});

describe("cliConfigForMirror", () => {
  it("installs hashicorp providers from that directory only", () => {
    const config = cliConfigForMirror("/srv/terraform mirror");

    expect(config).toContain('path    = "/srv/terraform mirror"');
    expect(config).toContain('include = ["registry.terraform.io/hashicorp/*"]');
    expect(config).not.toContain("direct");
  });
});

describe("terraformEnvironment", () => {
  const base = {
    PATH: "/bin",
    AWS_ENDPOINT_URL: "http://localhost:4566",
    AWS_ENDPOINT_URL_DYNAMODB: "http://localhost:8000",
    TF_CLI_CONFIG_FILE: "/root/.terraformrc",
  };

  it("points Terraform at the project's CLI configuration, without prompts", () => {
    const env = terraformEnvironment("/repo/infra/terraform.rc", "local", base);

    expect(env).toMatchObject({
      TF_CLI_CONFIG_FILE: "/repo/infra/terraform.rc",
      TF_INPUT: "0",
      PATH: "/bin",
    });
    expect(env.AWS_ENDPOINT_URL).toBe("http://localhost:4566");
  });

  it("drops emulator endpoints for the aws target, so it reaches the real services", () => {
    const env = terraformEnvironment("/repo/infra/terraform.rc", "aws", base);

    expect(Object.keys(env).filter((name) => name.startsWith("AWS_ENDPOINT_URL"))).toEqual([]);
    expect(base.AWS_ENDPOINT_URL).toBe("http://localhost:4566");
  });
});

describe("findTerraform", () => {
  it("finds an executable terraform on PATH and skips directories named terraform", () => {
    const first = join(scratch, "first");
    const second = join(scratch, "second");
    mkdirSync(join(first, "terraform"), { recursive: true });
    mkdirSync(second);
    const binary = join(second, "terraform");
    writeFileSync(binary, "#!/bin/sh\n");
    chmodSync(binary, 0o755);

    expect(findTerraform({ PATH: [first, second].join(":") })).toBe(binary);
  });

  it("answers undefined when TERRAFORM names nothing runnable, so the checks are skipped loudly", () => {
    expect(
      findTerraform({ TERRAFORM: join(scratch, "nope"), PATH: "/usr/local/bin:/usr/bin" }),
    ).toBeUndefined();
  });
});
