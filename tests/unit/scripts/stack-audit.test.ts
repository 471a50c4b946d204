import { ApiGatewayV2Client, GetApisCommand } from "@aws-sdk/client-apigatewayv2";
import { CloudWatchLogsClient, DescribeLogGroupsCommand } from "@aws-sdk/client-cloudwatch-logs";
import { DynamoDBClient, ListTablesCommand } from "@aws-sdk/client-dynamodb";
import { IAMClient, ListRolesCommand } from "@aws-sdk/client-iam";
import { LambdaClient, ListFunctionsCommand } from "@aws-sdk/client-lambda";
import { mockClient } from "aws-sdk-client-mock";
import { describe, expect, it } from "vitest";
import { type AuditClients, findSurvivors } from "../../../scripts/stack-audit.ts";

function auditClients() {
  const config = { region: "us-east-1", credentials: { accessKeyId: "x", secretAccessKey: "x" } };
  const clients: AuditClients = {
    dynamodb: new DynamoDBClient(config),
    lambda: new LambdaClient(config),
    apiGateway: new ApiGatewayV2Client(config),
    iam: new IAMClient(config),
    logs: new CloudWatchLogsClient(config),
  };
  const mocks = {
    dynamodb: mockClient(clients.dynamodb),
    lambda: mockClient(clients.lambda),
    apiGateway: mockClient(clients.apiGateway),
    iam: mockClient(clients.iam),
    logs: mockClient(clients.logs),
  };
  mocks.dynamodb.on(ListTablesCommand).resolves({ TableNames: [] });
  mocks.lambda.on(ListFunctionsCommand).resolves({ Functions: [] });
  mocks.apiGateway.on(GetApisCommand).resolves({ Items: [] });
  mocks.iam.on(ListRolesCommand).resolves({ Roles: [] });
  mocks.logs.on(DescribeLogGroupsCommand).resolves({ logGroups: [] });
  return { clients, mocks };
}

describe("findSurvivors", () => {
  it("finds nothing in an account that holds only other stacks", async () => {
    const { clients, mocks } = auditClients();
    mocks.dynamodb.on(ListTablesCommand).resolves({ TableNames: ["orders", "billing-notes-api"] });
    mocks.lambda.on(ListFunctionsCommand).resolves({ Functions: [{ FunctionName: "other" }] });

    const result = await findSurvivors(clients, "notes-api");

    expect(result).toEqual({ survivors: [], failures: [] });
  });

  it("names every kind of resource whose name starts with the prefix, across pages", async () => {
    const { clients, mocks } = auditClients();
    mocks.dynamodb
      .on(ListTablesCommand, {})
      .resolves({ TableNames: ["aaa"], LastEvaluatedTableName: "aaa" })
      .on(ListTablesCommand, { ExclusiveStartTableName: "aaa" })
      .resolves({ TableNames: ["notes-api", "zzz"] });
    mocks.lambda.on(ListFunctionsCommand).resolves({ Functions: [{ FunctionName: "notes-api" }] });
    mocks.apiGateway
      .on(GetApisCommand, {})
      .resolves({ Items: [], NextToken: "page-2" })
      .on(GetApisCommand, { NextToken: "page-2" })
      .resolves({
        Items: [{ Name: "notes-api", ApiId: "a1b2c3", ProtocolType: "HTTP", RouteSelectionExpression: "" }],
      });
    mocks.iam.on(ListRolesCommand).resolves({
      Roles: [
        { RoleName: "notes-api-lambda", Path: "/", RoleId: "r", Arn: "arn", CreateDate: new Date() },
        { RoleName: "admin", Path: "/", RoleId: "r", Arn: "arn", CreateDate: new Date() },
      ],
    });
    mocks.logs
      .on(DescribeLogGroupsCommand, { logGroupNamePrefix: "/aws/lambda/notes-api" })
      .resolves({ logGroups: [{ logGroupName: "/aws/lambda/notes-api" }] })
      .on(DescribeLogGroupsCommand, { logGroupNamePrefix: "/aws/apigateway/notes-api" })
      .resolves({ logGroups: [{ logGroupName: "/aws/apigateway/notes-api/access" }] });

    const result = await findSurvivors(clients, "notes-api");

    expect(result.failures).toEqual([]);
    expect(result.survivors).toEqual([
      { kind: "DynamoDB table", name: "notes-api" },
      { kind: "Lambda function", name: "notes-api" },
      { kind: "HTTP API", name: "notes-api (a1b2c3)" },
      { kind: "IAM role", name: "notes-api-lambda" },
      { kind: "log group", name: "/aws/apigateway/notes-api/access" },
      { kind: "log group", name: "/aws/lambda/notes-api" },
    ]);
  });

  it("reports a kind it could not list instead of calling it clean", async () => {
    const { clients, mocks } = auditClients();
    mocks.iam
      .on(ListRolesCommand)
      .rejects(Object.assign(new Error("not authorized to perform iam:ListRoles"), { name: "AccessDenied" }));

    const result = await findSurvivors(clients, "notes-api");

    expect(result.survivors).toEqual([]);
    expect(result.failures).toEqual(["IAM roles: AccessDenied: not authorized to perform iam:ListRoles"]);
  });
});
