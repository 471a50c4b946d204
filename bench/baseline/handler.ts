/**
 * The baseline the benchmark compares against: what a user would write instead of our handler. Never
 * shipped, never in the Lambda bundle. The same five routes over the same table, keys and item layout as
 * the ElectroDB adapter (so both read and write the same items), but written the way the usual tutorial
 * handler is: routing by hand on event.routeKey, plain @aws-sdk/lib-dynamodb calls, hand-written minimal
 * validation, no Middy, no ElectroDB, no validation library.
 */
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import {
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from "@aws-sdk/lib-dynamodb";
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { ulid } from "ulid";

const TABLE_NAME = process.env.TABLE_NAME ?? "notes";
const DEFAULT_OWNER = process.env.DEFAULT_OWNER ?? "default";

// The item layout the ElectroDB adapter writes (src/adapters/notes-entities.ts), so both handlers read and
// write the same items: pk `$notes#owner_<owner>`, sk `$note_1#noteId_<id>`, ElectroDB's two identity
// attributes, and owner/noteId kept as attributes too. Key values have ElectroDB's delimiters escaped.
const escapeKeyValue = (value: string) =>
  value.replace(/[%#$_]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);
const ownerPartition = (owner: string) => `$notes#owner_${escapeKeyValue(owner)}`;
const NOTE_SORT_PREFIX = "$note_1#noteId_";
const keyOf = (owner: string, noteId: string) => ({
  pk: ownerPartition(owner),
  sk: `${NOTE_SORT_PREFIX}${escapeKeyValue(noteId)}`,
});

// Built once per container; the SDK resolves region and endpoint (AWS_ENDPOINT_URL_DYNAMODB) from env.
const db = DynamoDBDocumentClient.from(new DynamoDBClient({}));

interface StoredNote {
  noteId: string;
  title: string;
  content: string;
  createdAt: number;
  updatedAt: number;
  version: number;
}

type Result = APIGatewayProxyStructuredResultV2;

export async function handler(event: APIGatewayProxyEventV2): Promise<Result> {
  try {
    const owner = ownerOf(event);
    const id = event.pathParameters?.id ?? "";
    switch (event.routeKey) {
      case "POST /notes":
        return await createNote(owner, event);
      case "GET /notes":
        return await listNotes(owner, event);
      case "GET /notes/{id}":
        return await getNote(owner, id);
      case "PATCH /notes/{id}":
        return await updateNote(owner, id, event);
      case "DELETE /notes/{id}":
        return await deleteNote(owner, id, event);
      default:
        return json(404, { error: "route not found", route: event.routeKey });
    }
  } catch (error) {
    if (error instanceof HttpError) return json(error.statusCode, { error: error.message });
    const name = (error as { name?: string }).name;
    if (name === "ConditionalCheckFailedException") return json(412, { error: "precondition failed" });
    if (name === "ProvisionedThroughputExceededException" || name === "ThrottlingException") {
      return { ...json(503, { error: "service busy, retry later" }), headers: { "retry-after": "1" } };
    }
    console.error(error);
    return json(500, { error: "internal error" });
  }
}

async function createNote(owner: string, event: APIGatewayProxyEventV2): Promise<Result> {
  const body = parseBody(event);
  if (typeof body.title !== "string" || body.title.trim() === "")
    throw new HttpError(400, "title is required");
  const title = body.title.trim();
  const content = body.content ?? "";
  if (title.length > 200) throw new HttpError(400, "title is too long");
  if (typeof content !== "string" || content.length > 20_000) throw new HttpError(400, "invalid content");
  const now = Math.floor(Date.now() / 1000);
  const note: StoredNote = { noteId: ulid(), title, content, createdAt: now, updatedAt: now, version: 1 };
  await db.send(
    new PutCommand({
      TableName: TABLE_NAME,
      Item: {
        ...keyOf(owner, note.noteId),
        owner: escapeKeyValue(owner),
        ...note,
        __edb_e__: "note",
        __edb_v__: "1",
      },
      ConditionExpression: "attribute_not_exists(pk)",
    }),
  );
  return json(201, toWire(note), { location: `/notes/${note.noteId}`, etag: `"${note.version}"` });
}

async function getNote(owner: string, id: string): Promise<Result> {
  const { Item } = await db.send(
    new GetCommand({ TableName: TABLE_NAME, Key: keyOf(owner, id), ConsistentRead: true }),
  );
  if (!Item) throw new HttpError(404, "not found");
  const note = fromItem(Item);
  return json(200, toWire(note), { etag: `"${note.version}"` });
}

async function listNotes(owner: string, event: APIGatewayProxyEventV2): Promise<Result> {
  const query = event.queryStringParameters ?? {};
  const limit = query.limit === undefined ? 20 : Number(query.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) throw new HttpError(400, "invalid limit");
  let startKey: Record<string, unknown> | undefined;
  if (query.cursor) {
    try {
      startKey = JSON.parse(Buffer.from(query.cursor, "base64url").toString("utf8"));
    } catch {
      throw new HttpError(400, "invalid cursor");
    }
    if (startKey?.pk !== ownerPartition(owner)) throw new HttpError(400, "invalid cursor");
  }
  const page = await db.send(
    new QueryCommand({
      TableName: TABLE_NAME,
      KeyConditionExpression: "pk = :pk AND begins_with(sk, :notes)",
      ExpressionAttributeValues: { ":pk": ownerPartition(owner), ":notes": NOTE_SORT_PREFIX },
      ScanIndexForward: false,
      Limit: limit,
      ExclusiveStartKey: startKey,
      ConsistentRead: true,
    }),
  );
  const items = (page.Items ?? []).map((item) => toWire(fromItem(item)));
  const nextCursor = page.LastEvaluatedKey
    ? Buffer.from(JSON.stringify(page.LastEvaluatedKey)).toString("base64url")
    : null;
  return json(200, { items, next_cursor: nextCursor });
}

async function updateNote(owner: string, id: string, event: APIGatewayProxyEventV2): Promise<Result> {
  const body = parseBody(event);
  if (body.title === undefined && body.content === undefined) throw new HttpError(400, "nothing to update");
  const sets = ["#updatedAt = :now", "#version = #version + :one"];
  const names: Record<string, string> = { "#updatedAt": "updatedAt", "#version": "version" };
  const values: Record<string, unknown> = { ":now": Math.floor(Date.now() / 1000), ":one": 1 };
  if (body.title !== undefined) {
    if (typeof body.title !== "string" || body.title.trim() === "" || body.title.trim().length > 200) {
      throw new HttpError(400, "invalid title");
    }
    sets.push("#title = :title");
    names["#title"] = "title";
    values[":title"] = body.title.trim();
  }
  if (body.content !== undefined) {
    if (typeof body.content !== "string" || body.content.length > 20_000)
      throw new HttpError(400, "invalid content");
    sets.push("#content = :content");
    names["#content"] = "content";
    values[":content"] = body.content;
  }
  let condition = "attribute_exists(pk)";
  const ifMatch = event.headers?.["if-match"];
  if (ifMatch) {
    condition += " AND #version = :expected";
    values[":expected"] = Number(ifMatch.replaceAll('"', ""));
  }
  try {
    const { Attributes } = await db.send(
      new UpdateCommand({
        TableName: TABLE_NAME,
        Key: keyOf(owner, id),
        UpdateExpression: `SET ${sets.join(", ")}`,
        ConditionExpression: condition,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
        ReturnValues: "ALL_NEW",
      }),
    );
    const note = fromItem(Attributes ?? {});
    return json(200, toWire(note), { etag: `"${note.version}"` });
  } catch (error) {
    if ((error as { name?: string }).name === "ConditionalCheckFailedException" && !ifMatch) {
      throw new HttpError(404, "not found");
    }
    throw error;
  }
}

async function deleteNote(owner: string, id: string, event: APIGatewayProxyEventV2): Promise<Result> {
  let condition = "attribute_exists(pk)";
  const values: Record<string, unknown> = {};
  const ifMatch = event.headers?.["if-match"];
  if (ifMatch) {
    condition += " AND #version = :expected";
    values[":expected"] = Number(ifMatch.replaceAll('"', ""));
  }
  try {
    await db.send(
      new DeleteCommand({
        TableName: TABLE_NAME,
        Key: keyOf(owner, id),
        ConditionExpression: condition,
        ...(ifMatch
          ? { ExpressionAttributeNames: { "#version": "version" }, ExpressionAttributeValues: values }
          : {}),
      }),
    );
  } catch (error) {
    if ((error as { name?: string }).name === "ConditionalCheckFailedException" && !ifMatch) {
      throw new HttpError(404, "not found");
    }
    throw error;
  }
  return { statusCode: 204, body: "" };
}

class HttpError extends Error {
  readonly statusCode: number;
  constructor(statusCode: number, message: string) {
    super(message);
    this.statusCode = statusCode;
  }
}

function ownerOf(event: APIGatewayProxyEventV2): string {
  const claims = (event.requestContext as { authorizer?: { jwt?: { claims?: Record<string, unknown> } } })
    .authorizer?.jwt?.claims;
  return typeof claims?.sub === "string" ? claims.sub : DEFAULT_OWNER;
}

function parseBody(event: APIGatewayProxyEventV2): { title?: unknown; content?: unknown } {
  if (!event.body) throw new HttpError(400, "request body is required");
  const text = event.isBase64Encoded ? Buffer.from(event.body, "base64").toString("utf8") : event.body;
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed))
      throw new Error("not an object");
    return parsed;
  } catch {
    throw new HttpError(400, "invalid JSON body");
  }
}

function fromItem(item: Record<string, unknown>): StoredNote {
  return {
    noteId: String(item.noteId),
    title: String(item.title),
    content: String(item.content ?? ""),
    createdAt: Number(item.createdAt),
    updatedAt: Number(item.updatedAt),
    version: Number(item.version),
  };
}

function toWire(note: StoredNote) {
  return {
    note_id: note.noteId,
    title: note.title,
    content: note.content,
    created_at: note.createdAt,
    updated_at: note.updatedAt,
    version: note.version,
  };
}

function json(statusCode: number, body: unknown, headers: Record<string, string> = {}): Result {
  return {
    statusCode,
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  };
}
