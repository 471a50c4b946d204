import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { createConversions, type EntityItem } from "electrodb";
import {
  AlreadyExistsError,
  type IdempotencyRecord,
  type IdempotencyStore,
  type Note,
  type NoteChanges,
  type NoteRepository,
  NotFoundError,
  VersionConflictError,
} from "../domain/index.ts";
import { isConditionalCheckFailed, translateDynamoDbError } from "./dynamodb-errors.ts";
import {
  createIdempotencyKeyEntity,
  createNoteEntity,
  decodeKeyValue,
  encodeKeyValue,
  type IdempotencyKeyEntity,
  type NoteEntity,
} from "./notes-entities.ts";
import { createPagingCursorCodec } from "./paging-cursor.ts";

export interface DynamoDbStoresConfig {
  client: DynamoDBClient;
  tableName: string;
  /** HMAC key for paging cursors; a built-in development key when absent. */
  cursorSecret?: string;
}

export interface DynamoDbStores {
  repository: NoteRepository;
  idempotency: IdempotencyStore;
}

/** How often claim() writes before giving up, when the holder it lost to has vanished by the time it reads. */
const MAX_CLAIM_ATTEMPTS = 3;

/** ElectroDB throws the SDK's own error, so dynamodb-errors.ts sees DynamoDB's error names. */
const ORIGINAL_ERRORS = { originalErr: true } as const;

/**
 * The DynamoDB side of the notes service: both ports over one table, through ElectroDB.
 * Existence and versions are checked by DynamoDB in the write itself (ConditionExpression); reads are strongly
 * consistent. Every DynamoDB failure that means something to a caller leaves as a domain error.
 */
export function createDynamoDbStores({
  client,
  tableName,
  cursorSecret,
}: DynamoDbStoresConfig): DynamoDbStores {
  const notes = createNoteEntity({ client, tableName });
  // Built on the first request that carries an Idempotency-Key (then kept): most containers never need it,
  // and building an entity validates its whole model (a few ms of a cold start).
  let idempotencyKeyEntity: IdempotencyKeyEntity | undefined;
  const idempotencyKeys = () => (idempotencyKeyEntity ??= createIdempotencyKeyEntity({ client, tableName }));
  const notesByOwner = createConversions(notes).byAccessPattern.notesByOwner;
  const cursors = createPagingCursorCodec(cursorSecret);

  const noteKey = (owner: string, noteId: string) => ({
    owner: encodeKeyValue(owner),
    noteId: encodeKeyValue(noteId),
  });
  const idempotencyKey = (owner: string, key: string) => ({
    owner: encodeKeyValue(owner),
    key: encodeKeyValue(key),
  });

  async function getNote(owner: string, noteId: string): Promise<Note | undefined> {
    try {
      const { data } = await notes.get(noteKey(owner, noteId)).go({ ...ORIGINAL_ERRORS, consistent: true });
      return data ? toNote(data) : undefined;
    } catch (error) {
      throw translateDynamoDbError(error);
    }
  }

  /**
   * Why a conditional update or delete was refused. Without an expected version the only condition was
   * existence. With one, a consistent read tells a missing note from a changed one.
   */
  async function refusedWriteError(owner: string, noteId: string, expectedVersion: number | undefined) {
    if (expectedVersion === undefined) return new NotFoundError();
    const current = await getNote(owner, noteId);
    return current === undefined ? new NotFoundError() : new VersionConflictError();
  }

  const repository: NoteRepository = {
    async create(note) {
      try {
        await notes
          .create({ ...note, ...noteKey(note.owner, note.noteId) })
          .go({ ...ORIGINAL_ERRORS, response: "none" });
      } catch (error) {
        if (!isConditionalCheckFailed(error)) throw translateDynamoDbError(error);
        // The SDK retries a put whose answer timed out; if the first attempt landed, the retry finds our own
        // note. Note ids are fresh per create, so an item equal to ours is ours: the create succeeded.
        const stored = await getNote(note.owner, note.noteId);
        if (stored && isSameNote(stored, note)) return;
        throw new AlreadyExistsError();
      }
    },

    get: getNote,

    async list(owner, { limit, cursor }) {
      const afterNoteId = cursor === undefined ? undefined : cursors.decode(owner, cursor);
      const ownerKey = encodeKeyValue(owner);
      // The partition always comes from the caller's owner; the cursor only says where in it to resume.
      const startAfter =
        afterNoteId === undefined
          ? null
          : notesByOwner.fromComposite.toCursor({ owner: ownerKey, noteId: encodeKeyValue(afterNoteId) });
      let items: NoteItem[];
      try {
        // One more than asked for, so a next cursor is handed out only when a next note exists. `count` makes
        // ElectroDB keep querying (from LastEvaluatedKey) when DynamoDB stops early at its 1 MB page size.
        ({ data: items } = await notes.query.notesByOwner({ owner: ownerKey }).go({
          ...ORIGINAL_ERRORS,
          order: "desc",
          consistent: true,
          limit: limit + 1,
          count: limit + 1,
          cursor: startAfter,
        }));
      } catch (error) {
        throw translateDynamoDbError(error, { cursorSupplied: startAfter !== null });
      }
      const page = items.slice(0, limit).map(toNote);
      const last = page.at(-1);
      return {
        items: page,
        nextCursor: items.length > limit && last !== undefined ? cursors.encode(owner, last.noteId) : null,
      };
    },

    async update(owner, noteId, changes, expectedVersion) {
      try {
        const { data } = await notes
          .patch(noteKey(owner, noteId))
          .set(definedChanges(changes))
          .add({ version: 1 })
          .where(({ version }, { eq }) => (expectedVersion === undefined ? "" : eq(version, expectedVersion)))
          .go({ ...ORIGINAL_ERRORS, response: "all_new" });
        return toNote(data);
      } catch (error) {
        if (isConditionalCheckFailed(error)) throw await refusedWriteError(owner, noteId, expectedVersion);
        throw translateDynamoDbError(error);
      }
    },

    async delete(owner, noteId, expectedVersion) {
      try {
        await notes
          .remove(noteKey(owner, noteId))
          .where(({ version }, { eq }) => (expectedVersion === undefined ? "" : eq(version, expectedVersion)))
          .go({ ...ORIGINAL_ERRORS, response: "none" });
      } catch (error) {
        if (isConditionalCheckFailed(error)) throw await refusedWriteError(owner, noteId, expectedVersion);
        throw translateDynamoDbError(error);
      }
    },
  };

  async function getIdempotencyRecord(owner: string, key: string): Promise<IdempotencyRecord | undefined> {
    try {
      const { data } = await idempotencyKeys()
        .get(idempotencyKey(owner, key))
        .go({ ...ORIGINAL_ERRORS, consistent: true });
      return data ? toIdempotencyRecord(data) : undefined;
    } catch (error) {
      throw translateDynamoDbError(error);
    }
  }

  const idempotency: IdempotencyStore = {
    async claim(record, now) {
      const { note, ...claim } = record;
      const item = {
        ...claim,
        ...idempotencyKey(record.owner, record.key),
        ...(note === undefined ? {} : { note: toSnapshot(note) }),
      };
      for (let attempt = 1; attempt <= MAX_CLAIM_ATTEMPTS; attempt++) {
        try {
          // Succeeds when no record exists or the one there has expired (TTL deletion lags behind expiresAt).
          await idempotencyKeys()
            .put(item)
            .where(({ expiresAt }, { notExists, lt }) => `${notExists(expiresAt)} OR ${lt(expiresAt, now)}`)
            .go({ ...ORIGINAL_ERRORS, response: "none" });
          return undefined;
        } catch (error) {
          if (!isConditionalCheckFailed(error)) throw translateDynamoDbError(error);
        }
        const holder = await getIdempotencyRecord(record.owner, record.key);
        if (holder !== undefined && holder.expiresAt >= now) return holder;
        // The holder expired or vanished between our write and our read: claim again.
      }
      throw new Error(`could not claim the idempotency key after ${MAX_CLAIM_ATTEMPTS} attempts`);
    },

    async complete(owner, key, note) {
      try {
        // Only onto the record that reserved this note id: never onto a later claim of the same key.
        await idempotencyKeys()
          .patch(idempotencyKey(owner, key))
          .set({ note: toSnapshot(note) })
          .where(({ noteId }, { eq }) => eq(noteId, note.noteId))
          .go({ ...ORIGINAL_ERRORS, response: "none" });
      } catch (error) {
        if (isConditionalCheckFailed(error)) {
          throw new Error("the idempotency record no longer reserves this note", { cause: error });
        }
        throw translateDynamoDbError(error);
      }
    },
  };

  return { repository, idempotency };
}

/** Items as ElectroDB reads them, typed from the entities' own models. */
type NoteItem = EntityItem<NoteEntity>;
type NoteSnapshot = Omit<Note, "owner">;

type IdempotencyItem = EntityItem<IdempotencyKeyEntity>;

/** Exactly the Note fields: the item's keys and ElectroDB's own attributes stay in the adapter. */
function toNote(item: NoteItem): Note {
  return {
    owner: decodeKeyValue(item.owner),
    noteId: decodeKeyValue(item.noteId),
    title: item.title,
    content: item.content,
    createdAt: item.createdAt,
    updatedAt: item.updatedAt,
    version: item.version,
  };
}

function definedChanges(changes: NoteChanges): NoteChanges {
  return {
    ...(changes.title === undefined ? {} : { title: changes.title }),
    ...(changes.content === undefined ? {} : { content: changes.content }),
    updatedAt: changes.updatedAt,
  };
}

/** The note as replayed to a repeated request; its owner is the record's. */
function toSnapshot(note: Note): NoteSnapshot {
  const { owner: _owner, ...snapshot } = note;
  return snapshot;
}

function toIdempotencyRecord(item: IdempotencyItem): IdempotencyRecord {
  const owner = decodeKeyValue(item.owner);
  return {
    owner,
    key: decodeKeyValue(item.key),
    fingerprint: item.fingerprint,
    noteId: item.noteId,
    claimedAt: item.claimedAt,
    expiresAt: item.expiresAt,
    ...(item.note === undefined ? {} : { note: fromSnapshot(owner, item.note) }),
  };
}

function fromSnapshot(owner: string, snapshot: NoteSnapshot): Note {
  return {
    owner,
    noteId: snapshot.noteId,
    title: snapshot.title,
    content: snapshot.content,
    createdAt: snapshot.createdAt,
    updatedAt: snapshot.updatedAt,
    version: snapshot.version,
  };
}

function isSameNote(a: Note, b: Note): boolean {
  return (
    a.noteId === b.noteId &&
    a.title === b.title &&
    a.content === b.content &&
    a.createdAt === b.createdAt &&
    a.updatedAt === b.updatedAt &&
    a.version === b.version
  );
}
