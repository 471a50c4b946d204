import { InvalidCursorError, ThrottledError } from "../domain/index.ts";

/** DynamoDB's names for "too many requests", whatever the table's capacity mode. */
const THROTTLING_ERROR_NAMES = new Set([
  "ProvisionedThroughputExceededException",
  "ThrottlingException",
  "RequestLimitExceeded",
]);

/** Seconds a throttled caller is told to wait (the SDK has already retried with backoff by then). */
export const THROTTLED_RETRY_AFTER_SECONDS = 1;

/**
 * The error DynamoDB (the SDK) raised. The adapter asks ElectroDB for original errors (`originalErr: true`), but
 * when ElectroDB does wrap one, in an ElectroError ("Error thrown by DynamoDB client: ..."), the SDK's error is
 * its `cause`; this unwraps such chains.
 */
export function originalDynamoDbError(error: unknown): unknown {
  let current = error;
  for (let depth = 0; depth < 5; depth++) {
    if (!isElectroError(current) || current.cause === undefined) return current;
    current = current.cause;
  }
  return current;
}

/** True when a write failed because its ConditionExpression did not hold. */
export function isConditionalCheckFailed(error: unknown): boolean {
  return errorName(originalDynamoDbError(error)) === "ConditionalCheckFailedException";
}

/**
 * Turns a DynamoDB failure that means something to a caller into a domain error; returns anything else
 * unchanged (a fault: the handler answers 500). Conditional-check failures are not handled here: what they mean
 * depends on the write, so each write classifies its own.
 */
export function translateDynamoDbError(error: unknown, context: { cursorSupplied?: boolean } = {}): unknown {
  const original = originalDynamoDbError(error);
  const name = errorName(original);
  if (name !== undefined && THROTTLING_ERROR_NAMES.has(name)) {
    return new ThrottledError(THROTTLED_RETRY_AFTER_SECONDS, { cause: original });
  }
  // A Query whose ExclusiveStartKey DynamoDB refuses ("The provided starting key is invalid").
  if (name === "ValidationException" && context.cursorSupplied) {
    return new InvalidCursorError();
  }
  return error;
}

function isElectroError(error: unknown): error is { cause?: unknown } {
  return (
    typeof error === "object" &&
    error !== null &&
    (error as { isElectroError?: unknown }).isElectroError === true
  );
}

function errorName(error: unknown): string | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const { name } = error as { name?: unknown };
  return typeof name === "string" ? name : undefined;
}
