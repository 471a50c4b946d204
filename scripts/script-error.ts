/** A failure the user can act on: its message is printed alone, without a stack trace. */
export class ScriptError extends Error {
  override readonly name = "ScriptError";
}

/** Runs a script's main function: ScriptErrors print as one clear message, anything else with its stack. */
export function runScript(main: () => Promise<number | undefined>): void {
  main().then(
    (code) => {
      process.exitCode = code ?? 0;
    },
    (error: unknown) => {
      if (error instanceof ScriptError) {
        console.error(`\nERROR: ${error.message}`);
      } else {
        console.error(error);
      }
      process.exitCode = 1;
    },
  );
}
