/** A note as the domain knows it. Wire names (snake_case) are the handlers' business. */
export interface Note {
  owner: string;
  noteId: string;
  title: string;
  content: string;
  /** Unix epoch seconds. */
  createdAt: number;
  /** Unix epoch seconds. */
  updatedAt: number;
  /** 1 at create, +1 on every successful update. */
  version: number;
}

export const NOTE_LIMITS = {
  titleMaxLength: 200,
  contentMaxLength: 20_000,
  listDefaultLimit: 20,
  listMaxLimit: 100,
  idempotencyKeyMaxLength: 255,
  /** How long a repeated POST with the same Idempotency-Key replays the first answer. */
  idempotencyTtlSeconds: 24 * 60 * 60,
  /**
   * How long a claimed key with no recorded result counts as "in flight". After this the first attempt is
   * taken to have died between claiming the key and recording its note, and a retry finishes the job.
   * It is longer than the Lambda timeout, so a live first attempt is never overtaken.
   */
  idempotencyLeaseSeconds: 60,
} as const;

/** Length in Unicode code points, the way a person (and JSON Schema's maxLength) counts characters. */
export function characterCount(text: string): number {
  let count = 0;
  for (const _ of text) count++;
  return count;
}
