import { describe, expect, it } from "vitest";
import { ScriptError } from "../../../scripts/script-error.ts";
import {
  parseStackArguments,
  requireStackOptions,
  terraformVariables,
  workspaceName,
} from "../../../scripts/stack-options.ts";

describe("parseStackArguments", () => {
  it("defaults prefix, region and endpoint when only the target is given", () => {
    const { stack, rest } = parseStackArguments(["--target", "local"], {});

    expect(stack).toEqual({
      target: "local",
      prefix: "notes-api",
      region: "us-east-1",
      endpoint: "http://localhost:4566",
      vars: [],
    });
    expect(rest).toEqual([]);
  });

  it("takes the region from AWS_REGION before AWS_DEFAULT_REGION, and the endpoint from AWS_ENDPOINT_URL", () => {
    const env = {
      AWS_REGION: "eu-west-1",
      AWS_DEFAULT_REGION: "us-west-2",
      AWS_ENDPOINT_URL: "http://127.0.0.1:4599/",
    };

    const { stack } = parseStackArguments(["--target=aws"], env);

    expect(stack?.region).toBe("eu-west-1");
    expect(stack?.endpoint).toBe("http://127.0.0.1:4599");
  });

  it("lets the command line win over the environment", () => {
    const env = { AWS_REGION: "eu-west-1", AWS_ENDPOINT_URL: "http://127.0.0.1:4599" };

    const { stack } = parseStackArguments(
      [
        "--target",
        "local",
        "--region=ap-south-1",
        "--endpoint",
        "http://emulator:4566",
        "--prefix",
        "team-b",
      ],
      env,
    );

    expect(stack).toMatchObject({ region: "ap-south-1", endpoint: "http://emulator:4566", prefix: "team-b" });
  });

  it("collects repeated --var and leaves unknown arguments, in order, for the next tool", () => {
    const { stack, rest } = parseStackArguments(
      [
        "tests/contract/read-note.test.ts",
        "--target",
        "aws",
        "--var",
        "log_level=DEBUG",
        "-t",
        "reads",
        "--var=lambda_memory_mb=1024",
      ],
      {},
    );

    expect(stack?.vars).toEqual(["log_level=DEBUG", "lambda_memory_mb=1024"]);
    expect(rest).toEqual(["tests/contract/read-note.test.ts", "-t", "reads"]);
  });

  it("returns no stack without --target, so plain contract runs stay local", () => {
    const { stack, rest } = parseStackArguments(["--reporter=verbose"], { AWS_REGION: "eu-west-1" });

    expect(stack).toBeUndefined();
    expect(rest).toEqual(["--reporter=verbose"]);
  });

  it.each([
    [["--target", "localstack"], /--target must be "local".*"aws".*not "localstack"/],
    [["--prefix", "team-b"], /--target local\|aws is required/],
    [["--target", "aws", "--prefix", "Team_B"], /--prefix must be/],
    [["--target", "local", "--endpoint", "localhost:4566"], /http\(s\) URL without a path/],
    [["--target"], /--target needs a value/],
    [["--target", "aws", "--var", "no-equals-sign"], /--var takes name=value/],
  ])("rejects %j with a message saying what is wrong", (argv, message) => {
    expect(() => parseStackArguments(argv, {})).toThrow(message);
  });
});

describe("CORS_ALLOW_ORIGINS in a deploy", () => {
  it("becomes the cors_allowed_origins variable, so the stack allows the origins the local endpoint does", () => {
    const env = { CORS_ALLOW_ORIGINS: "https://app.example.com, http://localhost:5173" };

    const { stack } = parseStackArguments(["--target", "aws"], env);

    expect(stack?.vars).toEqual(['cors_allowed_origins=["https://app.example.com","http://localhost:5173"]']);
  });

  it("gives way to an explicit --var cors_allowed_origins", () => {
    const env = { CORS_ALLOW_ORIGINS: "https://app.example.com" };

    const { stack } = parseStackArguments(["--target", "aws", "--var", "cors_allowed_origins=[]"], env);

    expect(stack?.vars).toEqual(["cors_allowed_origins=[]"]);
  });

  it("adds nothing when it is empty", () => {
    const { stack } = parseStackArguments(["--target", "aws"], { CORS_ALLOW_ORIGINS: " " });

    expect(stack?.vars).toEqual([]);
  });
});

describe("requireStackOptions", () => {
  it("fails with the usage when --target is missing", () => {
    expect(() => requireStackOptions([], {}, "npm run deploy -- --target local|aws")).toThrow(ScriptError);
    expect(() => requireStackOptions([], {}, "npm run deploy -- --target local|aws")).toThrow(
      /required\. Usage: npm run deploy/,
    );
  });

  it("fails on an argument it does not know instead of ignoring it", () => {
    expect(() => requireStackOptions(["--target", "aws", "--dry-run"], {}, "usage")).toThrow(
      /unknown argument --dry-run/,
    );
  });
});

describe("terraformVariables", () => {
  it("passes the endpoint only for the local target", () => {
    const local = parseStackArguments(["--target", "local"], {}).stack;
    const aws = parseStackArguments(["--target", "aws", "--var", "log_level=DEBUG"], {}).stack;
    if (!local || !aws) throw new Error("no stack");

    expect(terraformVariables(local, "/p/dist/lambda.zip")).toEqual([
      "-var",
      "target=local",
      "-var",
      "prefix=notes-api",
      "-var",
      "region=us-east-1",
      "-var",
      "endpoint=http://localhost:4566",
      "-var",
      "lambda_zip_path=/p/dist/lambda.zip",
    ]);
    expect(terraformVariables(aws, "/p/dist/lambda.zip")).toEqual([
      "-var",
      "target=aws",
      "-var",
      "prefix=notes-api",
      "-var",
      "region=us-east-1",
      "-var",
      "lambda_zip_path=/p/dist/lambda.zip",
      "-var",
      "log_level=DEBUG",
    ]);
  });
});

describe("workspaceName", () => {
  it("keeps the state of each target and prefix apart", () => {
    const local = parseStackArguments(["--target", "local"], {}).stack;
    const aws = parseStackArguments(["--target", "aws", "--prefix", "team-b"], {}).stack;
    if (!local || !aws) throw new Error("no stack");

    expect(workspaceName(local)).toBe("local-notes-api");
    expect(workspaceName(aws)).toBe("aws-team-b");
  });
});
