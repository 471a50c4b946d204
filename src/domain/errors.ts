/** A field-level reason a request was refused. */
export interface FieldProblem {
  field: string;
  message: string;
}

/** Base of every error the domain means a caller to see. Anything else is a bug or a fault. */
export abstract class DomainError extends Error {
  abstract readonly kind: string;
}

export class ValidationError extends DomainError {
  readonly kind = "validation";
  readonly details: FieldProblem[];
  constructor(message: string, details: FieldProblem[] = []) {
    super(message);
    this.name = "ValidationError";
    this.details = details;
  }
}

export class NotFoundError extends DomainError {
  readonly kind = "not-found";
  constructor() {
    super("not found");
    this.name = "NotFoundError";
  }
}

/** The caller's If-Match named a version that is not the stored one; nothing was changed. */
export class VersionConflictError extends DomainError {
  readonly kind = "version-conflict";
  constructor() {
    super("the note has changed since you read it (If-Match does not match its ETag)");
    this.name = "VersionConflictError";
  }
}

/** A paging cursor that this service did not hand to this owner. */
export class InvalidCursorError extends ValidationError {
  constructor() {
    super("invalid query", [{ field: "cursor", message: "is not a cursor this service issued to you" }]);
    this.name = "InvalidCursorError";
  }
}

/** The same Idempotency-Key was sent again with a different request body. */
export class IdempotencyKeyReusedError extends DomainError {
  readonly kind = "idempotency-key-reused";
  constructor() {
    super("this Idempotency-Key was already used with a different request body");
    this.name = "IdempotencyKeyReusedError";
  }
}

/** A request with the same Idempotency-Key is still being processed. */
export class IdempotencyInProgressError extends DomainError {
  readonly kind = "idempotency-in-progress";
  constructor() {
    super("a request with this Idempotency-Key is still in progress; retry shortly");
    this.name = "IdempotencyInProgressError";
  }
}

/** The store refused the request for load; the caller may retry later. */
export class ThrottledError extends DomainError {
  readonly kind = "throttled";
  readonly retryAfterSeconds: number;
  constructor(retryAfterSeconds = 1, options?: ErrorOptions) {
    super("the service is busy; retry shortly", options);
    this.name = "ThrottledError";
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/**
 * The store could not be reached or failed on its side (network error, timeout, 5xx, a passing write
 * conflict) even after the retries; the store's error is the cause. To a caller this is the contract's
 * "anything unexpected" (500 "internal error", like any other fault); it is its own class so that the log
 * tells a store fault from a bug. A write that timed out may still have landed, so a POST is best retried
 * with its Idempotency-Key.
 */
export class StoreUnavailableError extends DomainError {
  readonly kind = "store-unavailable";
  constructor(options?: ErrorOptions) {
    super("the store could not be reached or failed on its side", options);
    this.name = "StoreUnavailableError";
  }
}

/** A create found the id taken. With generated ids this only happens when an idempotent retry races. */
export class AlreadyExistsError extends DomainError {
  readonly kind = "already-exists";
  constructor() {
    super("a note with this id already exists");
    this.name = "AlreadyExistsError";
  }
}
