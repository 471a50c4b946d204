/**
 * The local endpoint (what `npm start` runs) serving a given Lambda entry over an in-memory embedded store,
 * in a process of its own so the load tool does not share it. Usage: endpoint.ts <entry.ts>. Prints
 * `BENCH_ENDPOINT <url>` once it answers; stops on SIGTERM.
 */
import { startLocalEndpoint } from "../../local/start.ts";

const [entry] = process.argv.slice(2);
if (!entry) throw new Error("usage: endpoint.ts <handler entry>");

const endpoint = await startLocalEndpoint({
  port: 0,
  host: "127.0.0.1",
  dataDir: null,
  entry,
  watch: false,
  log: () => {},
});
console.log(`BENCH_ENDPOINT ${endpoint.url}`);
process.on("SIGTERM", () => {
  endpoint.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
});
