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

/**
 * Why no note can outgrow DynamoDB's 400 KB item limit: the limits below count code points, and one code point
 * is at most 4 bytes of UTF-8. A note item is at most (200 + 20,000) x 4 = 80,800 bytes of text plus keys
 * and numbers. The largest item is an idempotency record: its fingerprint (the JSON of title and content, where
 * a control character is escaped to 6 bytes) and the note snapshot hold each code point twice, at most 6 + 1 or
 * 4 + 4 bytes, so at most 20,200 x 8 = 161,600 bytes plus the key. The request body cap (256 KiB) holds too.
 *
 * Why the owner is capped at 255 code points: it becomes part of DynamoDB keys, whose partition key is at
 * most 2048 bytes of UTF-8. The store may escape key delimiters (e.g. `#` as `%23`, 3 bytes), and a code point
 * is at most 4 bytes, so an owner takes at most 255 x 4 = 1,020 bytes; the idempotency partition holds owner
 * and Idempotency-Key together: 1,020 + 255 x 3 (escaped ASCII key) + a short prefix stays under 2,048.
 * 255 is also OpenID Connect's bound on a `sub` claim, so no real principal is refused.
 */
export const NOTE_LIMITS = {
  titleMaxLength: 200,
  contentMaxLength: 20_000,
  ownerMaxLength: 255,
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

const UNPAIRED_SURROGATE = /\p{Surrogate}/u;

/**
 * Whether the text is well-formed Unicode (String.prototype.isWellFormed): no unpaired UTF-16 surrogate, which
 * no UTF-8 store can hold; a JSON body can carry one as an escape ("\ud800").
 */
export function isValidText(text: string): boolean {
  return !UNPAIRED_SURROGATE.test(text);
}
