import { describe, expect, test } from "vitest";
import { resolveOwner } from "../../../src/handlers/owner.ts";
import type { PayloadFormat } from "../../support/events.ts";
import { createTestApp, idOf } from "./app-harness.ts";

const AUTHORIZERS: [string, PayloadFormat, (sub: string) => Record<string, unknown>][] = [
  ["2.0 JWT authorizer", "2.0", (sub) => ({ jwt: { claims: { sub, scope: "notes" }, scopes: ["notes"] } })],
  ["2.0 Lambda authorizer principalId", "2.0", (sub) => ({ lambda: { principalId: sub } })],
  ["2.0 Lambda authorizer sub", "2.0", (sub) => ({ lambda: { sub } })],
  ["1.0 Cognito claims", "1.0", (sub) => ({ claims: { sub, "cognito:username": "x" } })],
  ["1.0 Lambda authorizer", "1.0", (sub) => ({ principalId: sub, integrationLatency: 12 })],
];

describe.each(AUTHORIZERS)("owner from the %s", (_, format, authorizer) => {
  const as = (sub: string) => ({ authorizer: authorizer(sub) });

  test("stores the note under the principal", async () => {
    const app = createTestApp(format);

    const created = await app.create({ title: "t" }, as("alice"));

    expect(app.repository.allNotes()).toEqual([
      expect.objectContaining({ owner: "alice", noteId: idOf(created) }),
    ]);
  });

  test("one owner never sees, changes or deletes another's notes", async () => {
    const app = createTestApp(format);
    const created = await app.create({ title: "alice's" }, as("alice"));
    const id = idOf(created);

    const list = await app.list({}, as("bob"));
    const get = await app.get(id, as("bob"));
    const update = await app.update(id, { title: "bob's now" }, as("bob"));
    const remove = await app.remove(id, as("bob"));
    const anonymous = await app.get(id);

    expect(list.json).toEqual({ items: [], next_cursor: null });
    expect([get.status, update.status, remove.status, anonymous.status]).toEqual([404, 404, 404, 404]);
    expect((await app.get(id, as("alice"))).json).toEqual(created.json);
  });

  test("a cursor issued to one owner is refused for another", async () => {
    const app = createTestApp(format);
    await app.create({ title: "1" }, as("alice"));
    await app.create({ title: "2" }, as("alice"));
    const { next_cursor } = (await app.list({ limit: "1" }, as("alice"))).json as { next_cursor: string };

    const answer = await app.list({ cursor: next_cursor }, as("bob"));

    expect(answer.status).toBe(400);
    expect(answer.json).toMatchObject({ details: [{ field: "cursor" }] });
  });
});

describe("owner without an authorizer", () => {
  test("is the configured default owner", async () => {
    const app = createTestApp("2.0", { defaultOwner: "team-notes" });

    await app.create({ title: "t" });

    expect(app.repository.allNotes()[0]?.owner).toBe("team-notes");
  });

  test("is 'default' unless configured", async () => {
    const app = createTestApp("1.0");

    await app.create({ title: "t" });

    expect(app.repository.allNotes()[0]?.owner).toBe("default");
  });
});

describe("resolving the owner", () => {
  test.each([
    ["no request context", undefined],
    ["no authorizer", {}],
    ["a null authorizer (1.0 without one)", { authorizer: null }],
    ["an IAM authorizer, which names no notes principal", { authorizer: { iam: { userId: "AIDA" } } }],
  ])("falls back to the default owner with %s", (_, requestContext) => {
    expect(resolveOwner(requestContext, "default")).toBe("default");
  });

  test.each([
    ["a JWT without sub", { jwt: { claims: { email: "a@b.c" } } }],
    ["a JWT with an empty sub", { jwt: { claims: { sub: "" } } }],
    ["a Lambda authorizer context without principal", { lambda: { tenant: "t" } }],
    ["claims without sub", { claims: {} }],
    ["a non-string principalId", { principalId: 42 }],
  ])("refuses to pool a request into the default owner for %s", (_, authorizer) => {
    expect(() => resolveOwner({ authorizer }, "default")).toThrow(/no principal/);
  });

  test("answers 500 internal error when the authorizer names no principal", async () => {
    const app = createTestApp("2.0");

    const answer = await app.create({ title: "t" }, { authorizer: { jwt: { claims: {} } } });

    expect(answer.status).toBe(500);
    expect(answer.body).toBe('{"error":"internal error"}');
    expect(app.repository.allNotes()).toEqual([]);
  });
});
