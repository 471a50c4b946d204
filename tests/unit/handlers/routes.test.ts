import { describe, expect, test } from "vitest";
import { assertSameRouteKeys } from "../../../src/handlers/app.ts";
import routeKeys from "../../../src/handlers/routes.json" with { type: "json" };
import { createTestApp } from "./app-harness.ts";

describe("the route map", () => {
  test.each(routeKeys)("serves the deployed route %s", async (routeKey) => {
    const app = createTestApp("2.0");

    const answer = await app.invoke({
      version: "2.0",
      routeKey,
      pathParameters: { id: "x" },
      requestContext: {},
    });

    expect(answer.json).not.toMatchObject({ error: "route not found" });
  });

  test("accepts the same keys in another order", () => {
    expect(() => assertSameRouteKeys(["b", "a"], ["a", "b"])).not.toThrow();
  });

  test("refuses a deployed route the handler does not serve", () => {
    expect(() => assertSameRouteKeys(["GET /notes"], ["GET /notes", "POST /notes"])).toThrow(/POST \/notes/);
  });

  test("refuses a handled route that is not deployed", () => {
    expect(() => assertSameRouteKeys(["GET /notes", "PUT /notes"], ["GET /notes"])).toThrow(/PUT \/notes/);
  });
});
