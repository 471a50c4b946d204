import type { Clock } from "../domain/index.ts";

/** Wall-clock time in whole Unix epoch seconds. */
export const systemClock: Clock = {
  nowSeconds: () => Math.floor(Date.now() / 1000),
};
