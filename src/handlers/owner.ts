/**
 * Who a request acts for. With an authorizer in front, the principal it vouches for; without one, the
 * configured default owner. The shapes API Gateway puts in requestContext.authorizer:
 *
 * - payload 2.0, JWT authorizer:          { jwt: { claims: { sub } } }
 * - payload 2.0, Lambda authorizer:       { lambda: { principalId } } or { lambda: { sub } } (the context it returned)
 * - payload 1.0, Cognito or JWT claims:   { claims: { sub } }
 * - payload 1.0, Lambda authorizer:       { principalId }
 *
 * An authorizer context of one of these shapes with no usable principal in it is a misconfiguration; it must
 * not quietly fall back to the shared default owner (that would pool every such caller's notes), so it is
 * an error, which the error mapping answers as a 500 and logs.
 */
export function resolveOwner(requestContext: unknown, defaultOwner: string): string {
  const authorizer = field(requestContext, "authorizer");
  if (!isRecord(authorizer)) return defaultOwner;

  const candidates: { present: boolean; principal: unknown }[] = [
    { present: "jwt" in authorizer, principal: field(field(field(authorizer, "jwt"), "claims"), "sub") },
    {
      present: "lambda" in authorizer,
      principal:
        field(field(authorizer, "lambda"), "principalId") ?? field(field(authorizer, "lambda"), "sub"),
    },
    { present: "claims" in authorizer, principal: field(field(authorizer, "claims"), "sub") },
    { present: "principalId" in authorizer, principal: field(authorizer, "principalId") },
  ];
  for (const { principal } of candidates) {
    if (typeof principal === "string" && principal !== "") return principal;
  }
  if (candidates.some(({ present }) => present)) {
    throw new Error("the authorizer context names no principal (no sub or principalId)");
  }
  return defaultOwner;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

function field(value: unknown, name: string): unknown {
  return isRecord(value) && Object.hasOwn(value, name) ? value[name] : undefined;
}
