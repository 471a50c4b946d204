/**
 * `npm start`: the notes API at http://127.0.0.1:3000, answering as API Gateway HTTP API in front of the
 * Lambda would, over an embedded DynamoDB whose data survives restarts (or the DynamoDB named by
 * AWS_ENDPOINT_URL_DYNAMODB / AWS_ENDPOINT_URL). Saves under src/ are served by the next request.
 */
import { readFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { join, resolve } from "node:path";
import { inspect } from "node:util";
import { PROJECT_ROOT } from "../scripts/project-paths.ts";
import { useCompileCache } from "./compile-cache.ts";
import { corsConfiguration, parseAllowedOrigins } from "./cors.ts";
import { createGateway, type LambdaHandler } from "./gateway.ts";
import { createHotHandler } from "./hot-handler.ts";
import { prettyPrintLogs, shouldPrettyPrint } from "./log-format.ts";

export interface LocalEndpointOptions {
  port?: number;
  host?: string;
  /** An external DynamoDB endpoint; when absent the embedded one is started. */
  dynamoDbEndpoint?: string;
  /** Folder of the embedded store's data; null keeps it in memory. Default: .data/dynamodb. */
  dataDir?: string | null;
  tableName?: string;
  /** The Lambda entry; default src/handlers/index.ts. */
  entry?: string;
  /** Folder whose saves trigger a rebuild; false disables hot reload. Default: src/. */
  watch?: string | false;
  /** Route keys to serve; default src/handlers/routes.json. */
  routeKeys?: readonly string[];
  /** Origins allowed by CORS (exact origins); default CORS_ALLOW_ORIGINS, comma-separated; none: CORS off. */
  corsAllowOrigins?: readonly string[];
  /** Where bundles are written; default .local/ (git-ignored). */
  outDir?: string;
  log?: (message: string) => void;
}

export interface LocalEndpoint {
  url: string;
  /** The origins CORS allows; empty when CORS is off. */
  corsAllowOrigins: readonly string[];
  /** A sentence naming the store in use. */
  store: string;
  close(): Promise<void>;
}

export const DEFAULT_DATA_DIR = join(PROJECT_ROOT, ".data", "dynamodb");

/** The external DynamoDB endpoint the environment names, if any (as the AWS SDK would resolve it). */
export function externalDynamoDbEndpoint(env: NodeJS.ProcessEnv = process.env): string | undefined {
  return env.AWS_ENDPOINT_URL_DYNAMODB || env.AWS_ENDPOINT_URL || undefined;
}

/** Settings the handler reads from its environment at import; set before its first import. */
function prepareHandlerEnvironment(dynamoDbEndpoint: string, tableName: string): void {
  process.env.AWS_ENDPOINT_URL_DYNAMODB = dynamoDbEndpoint;
  process.env.AWS_REGION ||= "us-east-1";
  if (!process.env.AWS_ACCESS_KEY_ID && !process.env.AWS_PROFILE) {
    process.env.AWS_ACCESS_KEY_ID = "local";
    process.env.AWS_SECRET_ACCESS_KEY = "local";
  }
  process.env.TABLE_NAME = tableName;
}

export async function startLocalEndpoint(options: LocalEndpointOptions = {}): Promise<LocalEndpoint> {
  const log = options.log ?? ((message: string) => console.log(message));
  const tableName = options.tableName ?? process.env.TABLE_NAME ?? "notes";
  const routeKeys =
    options.routeKeys ??
    (JSON.parse(readFileSync(join(PROJECT_ROOT, "src", "handlers", "routes.json"), "utf8")) as string[]);
  // Before anything starts: a bad origin fails the start with a sentence naming it.
  const corsAllowOrigins = options.corsAllowOrigins ?? parseAllowedOrigins(process.env.CORS_ALLOW_ORIGINS);
  const cors = corsConfiguration(corsAllowOrigins, routeKeys);

  // The bundle builds while the store starts and the server binds; the first request waits for both.
  const hot = createHotHandler({
    entry: options.entry ?? join(PROJECT_ROOT, "src", "handlers", "index.ts"),
    watchDir: options.watch ?? join(PROJECT_ROOT, "src"),
    outDir: options.outDir ?? join(PROJECT_ROOT, ".local"),
    log,
  });
  const store = startStore(options, tableName);
  // Importing the handler (the slow part) overlaps with table creation; requests wait for both.
  const warmUp = store.endpointReady.then(() => hot.getHandler());
  warmUp.catch(() => {});
  const getHandler = async (): Promise<LambdaHandler> => {
    await store.tableReady;
    return hot.getHandler();
  };

  const server = createGateway({
    routeKeys,
    getHandler,
    ...(cors ? { cors } : {}),
    logError: (message, error) => log(`${message} ${error instanceof Error ? error.stack : inspect(error)}`),
  });
  try {
    await new Promise<void>((resolvePromise, reject) => {
      server.once("error", reject);
      server.listen(options.port ?? 3000, options.host ?? "127.0.0.1", () => {
        server.off("error", reject);
        resolvePromise();
      });
    });
    await store.tableReady;
  } catch (error) {
    server.close();
    await hot.close();
    await store.close();
    throw error;
  }
  const address = server.address() as AddressInfo;
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${host}:${address.port}`,
    corsAllowOrigins: cors?.allowOrigins ?? [],
    store: store.description,
    close() {
      closing ??= (async () => {
        const serverClosed = new Promise<void>((resolvePromise) => server.close(() => resolvePromise()));
        server.closeAllConnections();
        await serverClosed;
        await hot.close();
        await store.close();
      })();
      return closing;
    },
  };
}

interface StartedStore {
  description: string;
  /** Resolves once the handler's environment points at the store: from then on it may be imported. */
  endpointReady: Promise<void>;
  /** Resolves once the table exists and is ACTIVE. */
  tableReady: Promise<void>;
  close(): Promise<void>;
}

function startStore(options: LocalEndpointOptions, tableName: string): StartedStore {
  const external = options.dynamoDbEndpoint;
  const dataDir = options.dataDir === undefined ? DEFAULT_DATA_DIR : options.dataDir;
  let closeEmbedded: (() => Promise<void>) | undefined;
  const modules = Promise.all([import("@aws-sdk/client-dynamodb"), import("./embedded-dynamodb.ts")]);
  modules.catch(() => {});
  const endpointReady = (async () => {
    let endpoint = external;
    if (!endpoint) {
      const { startEmbeddedDynamoDb } = await import("./embedded-dynamodb.ts");
      const embedded = await startEmbeddedDynamoDb(dataDir ? { path: dataDir } : {});
      closeEmbedded = () => embedded.close();
      endpoint = embedded.endpoint;
    }
    prepareHandlerEnvironment(endpoint, tableName);
    return endpoint;
  })();
  const tableReady = (async () => {
    const endpoint = await endpointReady;
    const [{ DynamoDBClient }, { ensureTable }] = await modules;
    const client = new DynamoDBClient({ endpoint, region: process.env.AWS_REGION });
    try {
      await ensureTable(client, tableName);
    } catch (error) {
      throw new Error(`could not prepare table ${tableName} at ${endpoint}: ${(error as Error).message}`, {
        cause: error,
      });
    } finally {
      client.destroy();
    }
  })();
  tableReady.catch(() => {});
  return {
    description: external
      ? `DynamoDB at ${external}, table ${tableName}`
      : dataDir
        ? `embedded DynamoDB (dynalite), table ${tableName}, data in ${dataDir}`
        : `embedded DynamoDB (dynalite), table ${tableName}, in memory`,
    endpointReady: endpointReady.then(() => {}),
    tableReady,
    async close() {
      await tableReady.catch(() => {});
      await closeEmbedded?.();
    },
  };
}

async function main(): Promise<void> {
  useCompileCache();
  process.setSourceMapsEnabled(true);
  // The function's JSON log lines as one readable line each in a terminal (LOG_FORMAT=json keeps them raw).
  for (const stream of [process.stdout, process.stderr]) {
    if (shouldPrettyPrint(process.env, stream.isTTY)) {
      prettyPrintLogs(stream, { color: stream.isTTY === true && !process.env.NO_COLOR });
    }
  }
  const started = performance.now();
  const port = Number(process.env.PORT ?? 3000);
  const host = process.env.HOST || "127.0.0.1";
  const external = externalDynamoDbEndpoint();
  const starting = startLocalEndpoint({
    port,
    host,
    ...(external ? { dynamoDbEndpoint: external } : {}),
    dataDir: process.env.DATA_DIR ? resolve(process.env.DATA_DIR) : DEFAULT_DATA_DIR,
  });

  // Ctrl-C even during start-up closes what was opened (LevelDB must be closed for the next start).
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) {
      console.log(`${signal} again: exiting without cleanup`);
      process.exit(130);
    }
    stopping = true;
    starting
      .then((endpoint) => endpoint.close())
      .then(
        () => process.exit(0),
        (error: unknown) => {
          console.error("error while stopping:", error);
          process.exit(1);
        },
      );
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));

  const endpoint = await starting;
  if (stopping) return;
  console.log(
    `notes API listening on ${endpoint.url} (ready in ${Math.round(performance.now() - started)} ms)`,
  );
  console.log(`store: ${endpoint.store}`);
  console.log(
    endpoint.corsAllowOrigins.length > 0
      ? `cors:  allowed origins ${endpoint.corsAllowOrigins.join(", ")} (CORS_ALLOW_ORIGINS)`
      : "cors:  off (set CORS_ALLOW_ORIGINS=https://app.example.com,... to allow browser origins)",
  );
  console.log(
    `try:   curl -i -X POST ${endpoint.url}/notes -H 'content-type: application/json' -d '{"title":"buy oat milk","content":"2L, organic"}'`,
  );
  console.log("saves under src/ are served by the next request; Ctrl-C stops");
}

if (import.meta.main) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
