import { existsSync } from "node:fs";
import { cp, readdir, readFile, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { endpointEnv } from "../support/endpoint-env.ts";
import type { Figure, FigureRow } from "../support/figure.ts";
import { pollUntil } from "../support/http.ts";
import { freePort, type Spawned, spawnNode } from "../support/processes.ts";
import { summarize } from "../support/stats.ts";
import { withTempDir } from "../support/temp-dir.ts";

/** A well-formed ULID no note has: GET /notes/{id} goes all the way to the store and answers 404. */
const MISSING_NOTE_ID = "01ARZ3NDEKTSV4RRFFQ69G5FAV";
/** The literal the edit changes: the 404 message, which every GET of a missing note shows. */
const LITERAL = '"not found"';
/** What the repository copy needs to run `npm start`; node_modules is linked, not copied. */
const COPIED = ["src", "local", "scripts", "package.json", "tsconfig.json"];

/**
 * Save a change under src/ -> first response that shows it, through the running `npm start` endpoint.
 *
 * The edit is made in a throw-away copy of the repository (src/, local/, ... with node_modules linked), so
 * the working tree is never touched even if the benchmark is killed half-way. The edit is a real one: the
 * 404 message literal in the module that produces it, changed to a new text each run, polled every 2 ms.
 */
export const hotReloadFigure: Figure = {
  name: "hot-reload",
  description: "save a change under src/ -> first response that shows it",
  async measure({ root, smoke, log }) {
    const runs = smoke ? 1 : 10;
    const samples = await withTempDir("hot-reload", async (dir) => {
      const copy = join(dir, "repo");
      for (const entry of COPIED) {
        if (existsSync(join(root, entry)))
          await cp(join(root, entry), join(copy, entry), { recursive: true });
      }
      await symlink(join(root, "node_modules"), join(copy, "node_modules"), "dir");
      const port = await freePort();
      const url = `http://127.0.0.1:${port}/notes/${MISSING_NOTE_ID}`;
      const endpoint = spawnNode([join(copy, "local/start.ts")], {
        cwd: copy,
        env: endpointEnv({ PORT: String(port), HOST: "127.0.0.1", DATA_DIR: join(dir, "data") }),
      });
      try {
        await pollUntil(url, (response) => response.status === 404, { timeoutMs: 30_000 }).catch(
          (error: unknown) => {
            throw new Error(`${(error as Error).message}\n--- endpoint output ---\n${endpoint.output()}`);
          },
        );
        const target = await findObservableEdit(copy, url, endpoint);
        log(`  hot-reload edits ${target.file.slice(copy.length + 1)}`);
        const measured: number[] = [];
        for (let run = 1; run <= runs; run++) {
          await sleep(250);
          const marker = `bench edit ${run}`;
          const started = performance.now();
          await target.replaceWith(`"not found (${marker})"`);
          const shown = await pollUntil(url, (response) => response.body.includes(marker), {
            intervalMs: 2,
            timeoutMs: 10_000,
          });
          measured.push(shown - started);
          log(`  hot-reload run ${run}/${runs}: ${(shown - started).toFixed(0)} ms`);
        }
        return measured;
      } finally {
        await endpoint.stop();
      }
    });
    const row: FigureRow = {
      figure: "hot-reload",
      label: "save under src/ -> response shows it",
      unit: "ms",
      ours: summarize(samples),
      goal: { kind: "at-most", value: 300, text: "<= 300 ms" },
    };
    return [row];
  },
};

interface EditTarget {
  file: string;
  /** Replaces the current literal with `literal` (a quoted string) and saves the file. */
  replaceWith(literal: string): Promise<void>;
}

/**
 * Which file's `"not found"` the 404 body comes from is the handlers' business; rather than guess, try each
 * candidate (handlers before domain) and keep the first whose edit shows up in the response.
 */
async function findObservableEdit(copy: string, url: string, endpoint: Spawned): Promise<EditTarget> {
  const candidates: string[] = [];
  for (const area of ["src/handlers", "src/domain", "src/adapters"]) {
    for (const file of await tsFiles(join(copy, area))) {
      if ((await readFile(file, "utf8")).includes(LITERAL)) candidates.push(file);
    }
  }
  for (const file of candidates) {
    const original = await readFile(file, "utf8");
    let current = LITERAL;
    const target: EditTarget = {
      file,
      async replaceWith(literal) {
        const text = await readFile(file, "utf8");
        await writeFile(file, text.replace(current, literal));
        current = literal;
      },
    };
    await target.replaceWith('"not found (bench probe)"');
    const shown = await pollUntil(url, (response) => response.body.includes("bench probe"), {
      timeoutMs: 5_000,
    }).then(
      () => true,
      () => false,
    );
    if (shown) return target;
    await writeFile(file, original);
  }
  throw new Error(
    `no edit of a ${LITERAL} literal under src/ showed up in GET /notes/{missing id}\n${endpoint.output()}`,
  );
}

async function tsFiles(dir: string): Promise<string[]> {
  if (!existsSync(dir)) return [];
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile() && entry.name.endsWith(".ts"))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
