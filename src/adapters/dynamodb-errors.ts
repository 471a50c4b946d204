import { InvalidCursorError, StoreUnavailableError, ThrottledError } from "../domain/index.ts";

/** DynamoDB's names for "too many requests", whatever the table's capacity mode. */
const THROTTLING_ERROR_NAMES = new Set([
  "ProvisionedThroughputExceededException",
  "ThrottlingException",
  "RequestLimitExceeded",
]);

/** Seconds a throttled caller is told to wait (the SDK has already retried with backoff by then). */
export const THROTTLED_RETRY_AFTER_SECONDS = 1;

/**
 * DynamoDB did not answer (timeouts, as the SDK's node HTTP handler names them, or an abort), or failed on its
 * side, or refused a write for a passing conflict: transient by nature, and the SDK has already retried.
 */
const UNAVAILABLE_ERROR_NAMES = new Set([
  "TimeoutError",
  "RequestTimeout",
  "RequestTimeoutException",
  "AbortError",
  "InternalServerError",
  "InternalFailure",
  "ServiceUnavailable",
  "ServiceUnavailableException",
  "TransactionConflictException",
  "ReplicatedWriteConflictException",
]);

/** Socket and DNS failures as node surfaces them (error.code) through the SDK's HTTP handler. */
const NETWORK_ERROR_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ECONNABORTED",
  "EPIPE",
  "ETIMEDOUT",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
]);

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
 * Turns a DynamoDB failure that means something to a caller into a domain error: throttling (ThrottledError,
 * 503 with Retry-After) and an unreachable or failing DynamoDB (StoreUnavailableError: the handler answers 500
 * "internal error" and logs it as a store fault). Returns anything else unchanged (a fault, such as a missing
 * table or a refused request: the handler answers 500 and logs it as an unexpected error).
 * Conditional-check failures are not handled here: what they mean depends on the write, so each write
 * classifies its own.
 */
export function translateDynamoDbError(error: unknown, context: { cursorSupplied?: boolean } = {}): unknown {
  const original = originalDynamoDbError(error);
  const name = errorName(original);
  const status = httpStatusCode(original);
  if ((name !== undefined && THROTTLING_ERROR_NAMES.has(name)) || status === 429) {
    return new ThrottledError(THROTTLED_RETRY_AFTER_SECONDS, { cause: original });
  }
  if (
    (name !== undefined && UNAVAILABLE_ERROR_NAMES.has(name)) ||
    NETWORK_ERROR_CODES.has(errorCode(original) ?? "") ||
    (status !== undefined && status >= 500 && status <= 599)
  ) {
    return new StoreUnavailableError({ cause: original });
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

function errorCode(error: unknown): string | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const { code } = error as { code?: unknown };
  return typeof code === "string" ? code : undefined;
}

function httpStatusCode(error: unknown): number | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const status = (error as { $metadata?: { httpStatusCode?: unknown } }).$metadata?.httpStatusCode;
  return typeof status === "number" ? status : undefined;
}

function errorName(error: unknown): string | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const { name } = error as { name?: unknown };
  return typeof name === "string" ? name : undefined;
}
