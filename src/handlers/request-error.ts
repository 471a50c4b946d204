import type { FieldProblem } from "../domain/index.ts";

/**
 * A request refused at the HTTP edge, before it reaches the service (body too large, not UTF-8, ...).
 * Its message and details are written for the client; http-errors.ts turns it into the response.
 */
export class RequestError extends Error {
  readonly statusCode: number;
  readonly details: FieldProblem[];

  constructor(statusCode: number, message: string, details: FieldProblem[] = []) {
    super(message);
    this.name = "RequestError";
    this.statusCode = statusCode;
    this.details = details;
  }
}
