/** Step headers with elapsed time, so a long deploy shows where it is and how long each part took. */
export interface Progress {
  step<T>(title: string, work: () => Promise<T>): Promise<T>;
  /** Seconds since the progress started, one decimal. */
  elapsed(): string;
}

export function createProgress(
  totalSteps: number,
  log: (line: string) => void = console.log,
  now: () => number = performance.now.bind(performance),
): Progress {
  const started = now();
  let current = 0;
  const seconds = (from: number): string => `${((now() - from) / 1000).toFixed(1)} s`;
  return {
    async step(title, work) {
      current += 1;
      const stepStarted = now();
      log(`\n==> [${current}/${totalSteps}] ${title}`);
      const result = await work();
      log(`    done in ${seconds(stepStarted)} (${seconds(started)} so far)`);
      return result;
    },
    elapsed: () => seconds(started),
  };
}
