/**
 * Generators of hostile HTTP input and the checks every answer to it must pass, shared by the property tests
 * at the handler (tests/unit/handlers) and at the local endpoint (tests/local).
 */
import fc from "fast-check";

/** Whether text is well-formed Unicode: the oracle, independent of the code under test. */
export function isWellFormed(text: string): boolean {
  return (text as unknown as { isWellFormed(): boolean }).isWellFormed();
}

/** Code points as a person counts them (and as the limits are written). */
export function codePoints(text: string): number {
  return [...text].length;
}

// ---------------------------------------------------------------------------------------------------------
// Strings

/** One unpaired UTF-16 surrogate, high or low. A JSON body carries it as an escape ("\ud800"). */
export const loneSurrogate = fc
  .integer({ min: 0xd800, max: 0xdfff })
  .map((unit) => String.fromCharCode(unit));

/**
 * Text with at least one unpaired surrogate. The pieces around it are made of whole code points (unit
 * "binary" never yields half a pair), so the inserted surrogate can never complete a pair.
 */
export const textWithLoneSurrogate = fc
  .tuple(
    fc.string({ unit: "binary", maxLength: 12 }),
    loneSurrogate,
    fc.string({ unit: "binary", maxLength: 12 }),
  )
  .map(([before, surrogate, after]) => `${before}${surrogate}${after}`);

/** Characters that delimit or escape key parts (ElectroDB's # $ _, our % escape), paths, queries, or are odd. */
export const KEY_DELIMITERS = [
  "#",
  "$",
  "_",
  "%",
  "%23",
  "%25",
  "%5F",
  "/",
  "..",
  ".",
  "\\",
  "?",
  "&",
  "=",
  "+",
  " ",
  "~",
  "*",
  "$notes#owner_",
  "#noteId_",
  "\u0000",
  "\u200b",
  "\ufeff",
  "é",
  "e\u0301",
  "😀",
  "👩‍👩‍👧",
  "中文",
];

/** Text built of key delimiters and odd characters, always well-formed. */
export const delimiterText = fc
  .array(fc.oneof(fc.constantFrom(...KEY_DELIMITERS), fc.string({ unit: "grapheme", maxLength: 3 })), {
    minLength: 1,
    maxLength: 16,
  })
  .map((parts) => parts.join(""));

/** Long runs of one character: past 255, 1024 and 2048 bytes (DynamoDB's key limits), and past field limits. */
export const hugeText = fc
  .tuple(
    fc.constantFrom("a", "_", "#", "%", "é", "中", "😀"),
    fc.constantFrom(201, 256, 300, 513, 700, 1025, 2049, 4097, 20_001),
  )
  .map(([char, count]) => char.repeat(count));

/** Any string worth trying where a string is expected. */
export const hostileText = fc.oneof(
  fc.string({ unit: "binary", maxLength: 40 }),
  delimiterText,
  textWithLoneSurrogate,
  hugeText,
  fc.constantFrom("", " ", "\t\n", "null", "undefined", "0", "-1", "true", "[]", "{}"),
);

/** Values DynamoDB's own wire format would read as typed attributes. */
export const dynamoDbLookingValue = fc.constantFrom<unknown>(
  { S: "x" },
  { N: "1" },
  { BOOL: true },
  { NULL: true },
  { SS: ["a", "b"] },
  { L: [{ S: "x" }] },
  { M: { title: { S: "x" } } },
  { B: "AAEC" },
  { S: { S: "x" } },
);

export const POLLUTION_KEYS = [
  "__proto__",
  "constructor",
  "prototype",
  "__defineGetter__",
  "hasOwnProperty",
  "toString",
  "valueOf",
];

/** A value of a type other than string, or a string of the hostile kind. */
export const wrongOrHostileValue: fc.Arbitrary<unknown> = fc.oneof(
  hostileText,
  fc.jsonValue({ maxDepth: 3 }),
  dynamoDbLookingValue,
  fc.constantFrom<unknown>(123, 0, -1, 1e308, true, false, null, [], {}, ["x"], { title: "x" }),
);

// ---------------------------------------------------------------------------------------------------------
// Bodies (as the text a client sends)

/** A JSON object written member by member, so "__proto__" and repeated names reach the wire as written. */
export function jsonObjectText(members: [string, unknown][]): string {
  return `{${members.map(([name, value]) => `${JSON.stringify(name)}:${JSON.stringify(value) ?? "null"}`).join(",")}}`;
}

const memberName = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom("title", "content") },
  { weight: 2, arbitrary: fc.constantFrom(...POLLUTION_KEYS) },
  {
    weight: 2,
    arbitrary: fc.constantFrom("note_id", "version", "owner", "created_at", "Title", "title ", "pk", "sk"),
  },
  { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 10 }) },
);

/** An object whose members are the expected ones, unexpected ones, or pollution keys, with any values. */
const hostileObjectText = fc
  .array(fc.tuple(memberName, wrongOrHostileValue), { maxLength: 5 })
  .map((members) => jsonObjectText(members));

const nearlyValidValue = fc.oneof(
  { weight: 2, arbitrary: textWithLoneSurrogate },
  { weight: 1, arbitrary: hugeText },
  { weight: 1, arbitrary: dynamoDbLookingValue },
  { weight: 1, arbitrary: wrongOrHostileValue },
);

/** A body one step from valid: a usable title, or content, or both, and one of them hostile. */
const nearlyValidObjectText = fc
  .record(
    {
      title: fc.oneof(fc.constantFrom("a title", "  padded  "), nearlyValidValue),
      content: fc.oneof(fc.constantFrom("", "some content"), nearlyValidValue),
    },
    { requiredKeys: [] },
  )
  .map((body) => jsonObjectText(Object.entries(body)));

/** JSON nested far deeper than any real body. */
const deeplyNestedText = fc
  .tuple(fc.integer({ min: 50, max: 20_000 }), fc.constantFrom("array", "object", "title"))
  .map(([depth, kind]) => {
    if (kind === "array") return `${"[".repeat(depth)}${"]".repeat(depth)}`;
    if (kind === "object") return `${'{"a":'.repeat(depth)}1${"}".repeat(depth)}`;
    return `{"title":${"[".repeat(depth)}"x"${"]".repeat(depth)}}`;
  });

/** Text that is not JSON, or is JSON of the wrong shape at the top. */
const notJsonText = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.constantFrom(
    "",
    " ",
    "{",
    '{"title":"x"',
    '{"title":"x",}',
    "{'title':'x'}",
    "title=x&content=y",
    "null",
    "[]",
    '"title"',
    "0",
    "\u0000",
    '{"title":"x"}garbage',
    '{"title":"\\ud800"}',
    '{"title":"x","content":"\\udfff"}',
    '{"__proto__":{"title":"x"}}',
    '{"constructor":{"prototype":{"title":"x"}}}',
    '{"title":"x","title":{"S":"y"}}',
  ),
);

/** Any body a hostile client might send to POST or PATCH. */
export const hostileBodyText: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: hostileObjectText },
  { weight: 5, arbitrary: nearlyValidObjectText },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 4 }).map((value) => JSON.stringify(value)) },
  { weight: 1, arbitrary: fc.json({ maxDepth: 3, stringUnit: "binary" }) },
  { weight: 1, arbitrary: deeplyNestedText },
  { weight: 2, arbitrary: notJsonText },
);

// ---------------------------------------------------------------------------------------------------------
// Headers, query, ids

/**
 * A value absent `absentWeight` times for each time it is there. (fc.option leaves a value out only one time in
 * five: optional parts that can refuse a request on their own would then hide what is behind them.)
 */
export function sometimes<T>(arbitrary: fc.Arbitrary<T>, absentWeight = 1): fc.Arbitrary<T | undefined> {
  return fc.oneof(
    { weight: absentWeight, arbitrary: fc.constant(undefined) },
    { weight: 1, arbitrary: arbitrary },
  );
}

export const CONTENT_TYPES = [
  "application/json",
  "application/json; charset=utf-8",
  "application/json;charset=UTF-8",
  "application/json; charset=latin1",
  "Application/JSON",
  "application/vnd.api+json",
  "application/merge-patch+json",
  "application/problem+json; q=1",
  "application/jsonx",
  "application/json-seq",
  "application/x-json",
  "text/json",
  "text/plain",
  "text/plain; charset=utf-8",
  "text/html",
  "application/x-www-form-urlencoded",
  "multipart/form-data; boundary=xyz",
  "application/octet-stream",
  "application/xml",
  "*/*",
  "application/",
  ";;;",
  "",
  "application/json, text/plain",
];

/** A content-type header value, or none at all (undefined). */
export const contentType = fc.option(
  fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...CONTENT_TYPES) },
    { weight: 1, arbitrary: fc.string({ maxLength: 20 }) },
  ),
  { nil: undefined, freq: 6 },
);

/** Printable ASCII without spaces: the Idempotency-Key alphabet. */
const printableAscii = fc.string({
  unit: fc.integer({ min: 0x21, max: 0x7e }).map((code) => String.fromCharCode(code)),
  minLength: 1,
  maxLength: 40,
});

export const idempotencyKey = fc.oneof(
  printableAscii,
  fc.constantFrom(
    "k",
    "a".repeat(255),
    "a".repeat(256),
    "_".repeat(255),
    "#$_%".repeat(60),
    "key with space",
  ),
  hostileText,
);

export const ifMatch = fc.oneof(
  fc.constantFrom(
    '"1"',
    '"2"',
    "*",
    ' "1" ',
    'W/"1"',
    '"1", "2"',
    '"01"',
    '"0"',
    '"-1"',
    "1",
    '"999999999999999"',
    '"9999999999999999999999"',
    '"1e3"',
    '""',
    "",
  ),
  hostileText,
);

/** Query values that `limit` and `cursor` might be given. */
export const queryValue = fc.oneof(
  fc.constantFrom(
    "1",
    "20",
    "100",
    "101",
    "0",
    "-1",
    "1.5",
    "1e2",
    "0x10",
    " 5",
    "5 ",
    "",
    "000001",
    "9".repeat(30),
  ),
  fc.constantFrom("a.b", "eyJ2IjoxfQ.AAAA", `${"A".repeat(60)}.${"B".repeat(43)}`, "x".repeat(5000)),
  hostileText,
);

export const queryName = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom("limit", "cursor") },
  { weight: 1, arbitrary: fc.constantFrom("Limit", "limt", "next_cursor", "limit[]", ...POLLUTION_KEYS) },
  { weight: 1, arbitrary: fc.string({ maxLength: 8 }) },
);

/** A query: names to one value or to repeated values. */
export const hostileQuery = fc
  .array(fc.tuple(queryName, fc.oneof(queryValue, fc.array(queryValue, { minLength: 2, maxLength: 3 }))), {
    maxLength: 3,
  })
  .map((entries) => Object.fromEntries(entries) as Record<string, string | string[]>);

/** Note ids a client might put in the path, none of which the service made. */
export const hostileNoteId = fc.oneof(
  delimiterText,
  { weight: 2, arbitrary: hugeText },
  textWithLoneSurrogate,
  fc.string({ unit: "binary", minLength: 1, maxLength: 40 }),
  // Shaped like a ULID but with a delimiter, lower case, or too long.
  fc.constantFrom(
    "01J0000000000000000000000#",
    "01j00000000000000000000001",
    "01J000000000000000000000001",
    "..",
    ".",
    "%2F",
    "$note_1#noteId_01J00000000000000000000001",
  ),
);

// ---------------------------------------------------------------------------------------------------------
// Answers

/** Words that would betray an internal detail: SDK, ElectroDB, validator or runtime wording, stack frames. */
export const INTERNAL_DETAIL =
  /Exception|ElectroDB|electro|aws-sdk|@middy|ajv|instancePath|DynamoDB|TableName|ConditionExpression|node_modules|file:\/\/|\bat \S+ \(|:\d+:\d+\)|Error:|TypeError|RangeError|SyntaxError|Unexpected token|JSON at position|is not valid JSON|Cannot read|undefined|\[object /;

export interface CleanErrorProblem {
  problem: string;
}

/**
 * Why an error answer breaks the contract, or undefined when it is a clean one: a JSON object with a
 * non-empty `error` string, at most `details` (field/message strings) beside it, and no internal detail in any
 * message. Field names may echo what the client sent, so only messages are searched for internal words.
 */
export function errorBodyProblem(
  body: string,
  extraForbidden: readonly string[] = [],
): CleanErrorProblem | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return { problem: `error body is not JSON: ${body.slice(0, 200)}` };
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed))
    return { problem: `error body is not an object: ${body.slice(0, 200)}` };
  const { error, details, ...rest } = parsed as Record<string, unknown>;
  if (typeof error !== "string" || error === "") return { problem: `no error string: ${body.slice(0, 200)}` };
  if (Object.keys(rest).length > 0) return { problem: `unexpected members ${Object.keys(rest).join(", ")}` };
  const messages = [error];
  if (details !== undefined) {
    if (!Array.isArray(details) || details.length === 0)
      return { problem: "details is not a non-empty list" };
    for (const detail of details) {
      const { field, message } = (detail ?? {}) as { field?: unknown; message?: unknown };
      if (typeof field !== "string" || typeof message !== "string")
        return { problem: `a detail is not {field, message}: ${JSON.stringify(detail)}` };
      messages.push(message);
    }
  }
  for (const message of messages) {
    if (INTERNAL_DETAIL.test(message)) return { problem: `internal detail in "${message}"` };
    for (const word of extraForbidden) {
      if (message.includes(word)) return { problem: `"${word}" in "${message}"` };
    }
  }
  return undefined;
}

/** The fields the details of an error body name. */
export function detailFields(body: string): string[] {
  const { details } = JSON.parse(body) as { details?: { field: string }[] };
  return (details ?? []).map((detail) => detail.field);
}

// ---------------------------------------------------------------------------------------------------------
// Valid input

/** Whitespace a title loses to trimming and content keeps. */
const padding = fc.constantFrom("", " ", "  ", "\n", "\t", "\u00a0", "\u3000", "\r\n ");

/** Titles that are valid after trimming: 1..200 code points, any well-formed text, delimiters included. */
export const validTitle = fc
  .oneof(
    fc.string({ unit: "binary", minLength: 1, maxLength: 200 }),
    fc.string({ unit: "grapheme-ascii", minLength: 1, maxLength: 200 }),
    delimiterText,
    fc.constantFrom("😀".repeat(200), "é".repeat(200), " padded title ", "_".repeat(200)),
    fc
      .tuple(padding, fc.string({ unit: "grapheme", minLength: 1, maxLength: 40 }), padding)
      .map(([before, text, after]) => `${before}${text}${after}`),
  )
  .filter((title) => {
    const trimmed = title.trim();
    return trimmed !== "" && codePoints(trimmed) <= 200;
  });

/** Content that is valid as sent: 0..20,000 code points of well-formed text. */
export const validContent = fc.oneof(
  { weight: 4, arbitrary: fc.string({ unit: "binary", maxLength: 300 }) },
  {
    weight: 2,
    arbitrary: fc
      .tuple(padding, fc.string({ unit: "grapheme", maxLength: 40 }), padding)
      .map(([before, text, after]) => `${before}${text}${after}`),
  },
  { weight: 2, arbitrary: delimiterText },
  {
    weight: 1,
    arbitrary: fc.constantFrom("", "😀".repeat(20_000), "\u0000".repeat(20_000), "a".repeat(20_000)),
  },
);
