import { ApiGatewayV2Client, GetApisCommand } from "@aws-sdk/client-apigatewayv2";
import { CloudWatchLogsClient, paginateDescribeLogGroups } from "@aws-sdk/client-cloudwatch-logs";
import { DynamoDBClient, paginateListTables } from "@aws-sdk/client-dynamodb";
import { IAMClient, paginateListRoles } from "@aws-sdk/client-iam";
import { LambdaClient, paginateListFunctions } from "@aws-sdk/client-lambda";
import type { StackOptions } from "./stack-options.ts";

export interface AuditClients {
  dynamodb: DynamoDBClient;
  lambda: LambdaClient;
  apiGateway: ApiGatewayV2Client;
  iam: IAMClient;
  logs: CloudWatchLogsClient;
}

export interface Survivor {
  kind: "DynamoDB table" | "Lambda function" | "HTTP API" | "IAM role" | "log group";
  name: string;
}

export interface AuditResult {
  survivors: Survivor[];
  /** Kinds that could not be listed, with the reason: the audit cannot vouch for them. */
  failures: string[];
}

/** SDK clients for the stack's account or emulator (dummy credentials and the one endpoint for "local"). */
export function createAuditClients(stack: StackOptions): AuditClients {
  const config = {
    region: stack.region,
    maxAttempts: 2,
    ...(stack.target === "local"
      ? { endpoint: stack.endpoint, credentials: { accessKeyId: "test", secretAccessKey: "test" } }
      : {}),
  };
  return {
    dynamodb: new DynamoDBClient(config),
    lambda: new LambdaClient(config),
    apiGateway: new ApiGatewayV2Client(config),
    iam: new IAMClient(config),
    logs: new CloudWatchLogsClient(config),
  };
}

/**
 * Everything named from the prefix that still exists: tables, functions, HTTP APIs, IAM roles, and the
 * function and access log groups (/aws/lambda/<prefix>..., /aws/apigateway/<prefix>...).
 */
export async function findSurvivors(clients: AuditClients, prefix: string): Promise<AuditResult> {
  const checks: Array<[Survivor["kind"], () => Promise<string[]>]> = [
    ["DynamoDB table", () => tableNames(clients.dynamodb)],
    ["Lambda function", () => functionNames(clients.lambda)],
    ["HTTP API", () => apiNames(clients.apiGateway)],
    ["IAM role", () => roleNames(clients.iam)],
    ["log group", () => logGroupNames(clients.logs, [`/aws/lambda/${prefix}`, `/aws/apigateway/${prefix}`])],
  ];
  const survivors: Survivor[] = [];
  const failures: string[] = [];
  await Promise.all(
    checks.map(async ([kind, list]) => {
      try {
        const names = await list();
        const mine = kind === "log group" ? names : names.filter((name) => name.startsWith(prefix));
        survivors.push(...mine.map((name) => ({ kind, name })));
      } catch (error) {
        failures.push(
          `${kind}s: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`,
        );
      }
    }),
  );
  const order = checks.map(([kind]) => kind);
  survivors.sort((a, b) => order.indexOf(a.kind) - order.indexOf(b.kind) || a.name.localeCompare(b.name));
  return { survivors, failures: failures.sort() };
}

export function destroyAuditClients(clients: AuditClients): void {
  for (const client of Object.values(clients)) client.destroy();
}

async function tableNames(client: DynamoDBClient): Promise<string[]> {
  const names: string[] = [];
  for await (const page of paginateListTables({ client }, {})) names.push(...(page.TableNames ?? []));
  return names;
}

async function functionNames(client: LambdaClient): Promise<string[]> {
  const names: string[] = [];
  for await (const page of paginateListFunctions({ client }, {})) {
    names.push(...(page.Functions ?? []).flatMap((fn) => (fn.FunctionName ? [fn.FunctionName] : [])));
  }
  return names;
}

async function apiNames(client: ApiGatewayV2Client): Promise<string[]> {
  const names: string[] = [];
  let nextToken: string | undefined;
  do {
    const page = await client.send(new GetApisCommand({ NextToken: nextToken }));
    names.push(...(page.Items ?? []).flatMap((api) => (api.Name ? [`${api.Name} (${api.ApiId})`] : [])));
    nextToken = page.NextToken;
  } while (nextToken);
  return names;
}

async function roleNames(client: IAMClient): Promise<string[]> {
  const names: string[] = [];
  for await (const page of paginateListRoles({ client }, {})) {
    names.push(...(page.Roles ?? []).flatMap((role) => (role.RoleName ? [role.RoleName] : [])));
  }
  return names;
}

async function logGroupNames(client: CloudWatchLogsClient, prefixes: readonly string[]): Promise<string[]> {
  const names: string[] = [];
  for (const logGroupNamePrefix of prefixes) {
    for await (const page of paginateDescribeLogGroups({ client }, { logGroupNamePrefix })) {
      names.push(
        ...(page.logGroups ?? []).flatMap((group) => (group.logGroupName ? [group.logGroupName] : [])),
      );
    }
  }
  return names;
}
