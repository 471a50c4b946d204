/** Requests that match no deployed route are answered by API Gateway itself, before the function. */
import { describe, expect, it } from "vitest";
import { call } from "./support/api.ts";

describe("a request that matches no route", () => {
  it.each([
    ["GET", "/"],
    ["GET", "/nope"],
    ["GET", "/notes/a/b"],
    ["PUT", "/notes/some-id"],
    ["POST", "/notes/some-id"],
    ["DELETE", "/notes"],
    ["PATCH", "/notes"],
  ])('%s %s answers 404 with exactly {"message":"Not Found"}', async (method, path) => {
    const response = await call(method, path);

    expect(response.status).toBe(404);
    expect(response.body).toEqual({ message: "Not Found" });
  });
});
