/**
 * The embedded DynamoDB of the local endpoint: dynalite in this process, on a LevelDB folder whose data
 * survives restarts (or in memory), plus table creation from the same definition the adapter uses.
 */
import { mkdir } from "node:fs/promises";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import dynalite from "dynalite";
import { notesTableDefinition, timeToLiveAttribute } from "../src/adapters/table-definition.ts";

export interface EmbeddedDynamoDb {
  /** e.g. http://127.0.0.1:40123 */
  endpoint: string;
  /** The LevelDB folder, or undefined when in memory. */
  path: string | undefined;
  /** Stops the server and closes LevelDB cleanly, so the next start can open it. */
  close(): Promise<void>;
}

export async function startEmbeddedDynamoDb(options: { path?: string } = {}): Promise<EmbeddedDynamoDb> {
  if (options.path) {
    await mkdir(options.path, { recursive: true });
    await assertNotInUse(options.path);
  }
  const server = dynalite({
    ...(options.path ? { path: options.path } : {}),
    createTableMs: 0,
    deleteTableMs: 0,
    updateTableMs: 0,
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  let closing: Promise<void> | undefined;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    path: options.path,
    close() {
      closing ??= new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // Keep-alive sockets of SDK clients would hold the server open; LevelDB closes once they are gone.
        server.closeAllConnections();
      });
      return closing;
    },
  };
}

/**
 * LevelDB allows one process per folder; dynalite would only find out on its first request, and crash.
 * Opening the folder once with dynalite's own `level` turns that into a clear error at start.
 */
async function assertNotInUse(path: string): Promise<void> {
  const requireFromDynalite = createRequire(createRequire(import.meta.url).resolve("dynalite"));
  const { Level } = requireFromDynalite("level") as {
    Level: new (location: string) => { open(): Promise<void>; close(): Promise<void> };
  };
  const db = new Level(path);
  try {
    await db.open();
  } catch (error) {
    const code =
      (error as { code?: string; cause?: { code?: string } }).cause?.code ??
      (error as { code?: string }).code;
    if (code === "LEVEL_LOCKED") {
      throw new Error(`the data folder ${path} is in use by another process (is npm start already running?)`);
    }
    throw error;
  } finally {
    await db.close();
  }
}

const TABLE_WAIT_MS = 30_000;

/** Creates the notes table if it is missing, and returns once it is ACTIVE. */
export async function ensureTable(
  client: DynamoDBClient,
  tableName: string,
): Promise<"created" | "existing"> {
  // Imported here so that dynalite can listen without waiting for the SDK to load.
  const { CreateTableCommand } = await import("@aws-sdk/client-dynamodb");
  let outcome: "created" | "existing" = "existing";
  let status = await tableStatus(client, tableName);
  if (status === undefined) {
    try {
      await client.send(new CreateTableCommand(notesTableDefinition(tableName)));
      outcome = "created";
    } catch (error) {
      if ((error as Error).name !== "ResourceInUseException") throw error;
    }
    status = await tableStatus(client, tableName);
  }
  const deadline = Date.now() + TABLE_WAIT_MS;
  while (status !== "ACTIVE") {
    if (Date.now() > deadline)
      throw new Error(`table ${tableName} is still ${status} after ${TABLE_WAIT_MS} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
    status = await tableStatus(client, tableName);
  }
  if (outcome === "created") await enableTimeToLive(client, tableName);
  return outcome;
}

async function tableStatus(client: DynamoDBClient, tableName: string): Promise<string | undefined> {
  const { DescribeTableCommand } = await import("@aws-sdk/client-dynamodb");
  try {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    return Table?.TableStatus ?? "ACTIVE";
  } catch (error) {
    if ((error as Error).name === "ResourceNotFoundException") return undefined;
    throw error;
  }
}

/** Expiry of idempotency records. dynalite does not know the operation; records then simply stay. */
async function enableTimeToLive(client: DynamoDBClient, tableName: string): Promise<void> {
  const { UpdateTimeToLiveCommand } = await import("@aws-sdk/client-dynamodb");
  try {
    await client.send(
      new UpdateTimeToLiveCommand({
        TableName: tableName,
        TimeToLiveSpecification: { AttributeName: timeToLiveAttribute, Enabled: true },
      }),
    );
  } catch (error) {
    const name = (error as Error).name;
    if (name !== "UnknownOperationException" && name !== "UnsupportedOperationException") throw error;
  }
}
