import {
  AlreadyExistsError,
  type FieldProblem,
  IdempotencyInProgressError,
  IdempotencyKeyReusedError,
  InvalidCursorError,
  NotFoundError,
  ValidationError,
} from "./errors.ts";
import { characterCount, isValidText, NOTE_LIMITS, type Note } from "./note.ts";
import type { Clock, IdempotencyStore, IdGenerator, NotePage, NoteRepository } from "./ports.ts";

/** What a client may send to create a note, already shape-checked (strings where present). */
export interface NewNoteInput {
  title?: string;
  content?: string;
}

export interface NoteUpdateInput {
  title?: string;
  content?: string;
}

export interface CreateResult {
  note: Note;
  /** True when an Idempotency-Key repeat returned the note an earlier request created. */
  replayed: boolean;
}

export interface NotesServiceDeps {
  repository: NoteRepository;
  idempotency: IdempotencyStore;
  clock: Clock;
  ids: IdGenerator;
}

export type NotesService = ReturnType<typeof createNotesService>;

export function createNotesService({ repository, idempotency, clock, ids }: NotesServiceDeps) {
  function requireKnownId(noteId: string): void {
    if (!ids.isValid(noteId)) throw new NotFoundError();
  }

  /**
   * A note's created_at is read together with its id, so the two never disagree on which of two notes is newer
   * (lists are ordered by id, newest first).
   */
  function newNote(
    owner: string,
    noteId: string,
    fields: { title: string; content: string },
    now: number,
  ): Note {
    return { owner, noteId, ...fields, createdAt: now, updatedAt: now, version: 1 };
  }

  async function createOnce(
    owner: string,
    noteId: string,
    fields: { title: string; content: string },
    createdAt: number,
  ) {
    const note = newNote(owner, noteId, fields, createdAt);
    await repository.create(note);
    return note;
  }

  async function createIdempotently(
    owner: string,
    key: string,
    fields: { title: string; content: string },
  ): Promise<CreateResult> {
    const now = clock.nowSeconds();
    const fingerprint = JSON.stringify([fields.title, fields.content]);
    const claim = {
      owner,
      key,
      fingerprint,
      noteId: ids.next(),
      claimedAt: now,
      expiresAt: now + NOTE_LIMITS.idempotencyTtlSeconds,
    };
    const held = await idempotency.claim(claim, now);
    if (!held) {
      // Created at the moment its id was reserved, not after the claim's round trip.
      const note = await createOnce(owner, claim.noteId, fields, now);
      await idempotency.complete(owner, key, note);
      return { note, replayed: false };
    }
    if (held.fingerprint !== fingerprint) throw new IdempotencyKeyReusedError();
    if (held.note) return { note: held.note, replayed: true };
    if (now - held.claimedAt < NOTE_LIMITS.idempotencyLeaseSeconds) throw new IdempotencyInProgressError();

    // The first attempt claimed the key and then died. Finish its work under the id it reserved, so
    // that however many retries race here, at most one note exists for the key.
    let note: Note | undefined;
    try {
      note = await createOnce(owner, held.noteId, fields, held.claimedAt);
    } catch (error) {
      if (!(error instanceof AlreadyExistsError)) throw error;
      note = await repository.get(owner, held.noteId);
      if (!note) throw error;
    }
    await idempotency.complete(owner, key, note);
    return { note, replayed: true };
  }

  return {
    async create(owner: string, input: NewNoteInput, idempotencyKey?: string): Promise<CreateResult> {
      requireValidOwner(owner);
      const fields = { title: requireTitle(input.title), content: checkContent(input.content ?? "") };
      if (idempotencyKey === undefined) {
        const noteId = ids.next();
        return { note: await createOnce(owner, noteId, fields, clock.nowSeconds()), replayed: false };
      }
      return createIdempotently(owner, checkIdempotencyKey(idempotencyKey), fields);
    },

    async get(owner: string, noteId: string): Promise<Note> {
      requireValidOwner(owner);
      requireKnownId(noteId);
      const note = await repository.get(owner, noteId);
      if (!note) throw new NotFoundError();
      return note;
    },

    async list(owner: string, options: { limit?: number; cursor?: string } = {}): Promise<NotePage> {
      requireValidOwner(owner);
      const limit = options.limit ?? NOTE_LIMITS.listDefaultLimit;
      if (!Number.isInteger(limit) || limit < 1 || limit > NOTE_LIMITS.listMaxLimit) {
        throw new ValidationError("invalid query", [
          { field: "limit", message: `must be an integer from 1 to ${NOTE_LIMITS.listMaxLimit}` },
        ]);
      }
      // Text that is not well-formed Unicode cannot be a cursor this service issued.
      if (options.cursor !== undefined && !isValidText(options.cursor)) throw new InvalidCursorError();
      return repository.list(owner, {
        limit,
        ...(options.cursor === undefined ? {} : { cursor: options.cursor }),
      });
    },

    async update(
      owner: string,
      noteId: string,
      input: NoteUpdateInput,
      expectedVersion?: number,
    ): Promise<Note> {
      requireValidOwner(owner);
      if (input.title === undefined && input.content === undefined) {
        throw new ValidationError("nothing to update");
      }
      const problems: FieldProblem[] = [];
      const changes: { title?: string; content?: string; updatedAt: number } = {
        updatedAt: clock.nowSeconds(),
      };
      if (input.title !== undefined) {
        const title = input.title.trim();
        const problem = titleProblem(title);
        if (problem) problems.push(problem);
        changes.title = title;
      }
      if (input.content !== undefined) {
        const problem = contentProblem(input.content);
        if (problem) problems.push(problem);
        changes.content = input.content;
      }
      if (problems.length > 0) throw new ValidationError("invalid request body", problems);
      requireKnownId(noteId);
      return repository.update(owner, noteId, changes, expectedVersion);
    },

    async delete(owner: string, noteId: string, expectedVersion?: number): Promise<void> {
      requireValidOwner(owner);
      requireKnownId(noteId);
      await repository.delete(owner, noteId, expectedVersion);
    },
  };
}

const INVALID_TEXT = "must be valid Unicode text (it has an unpaired surrogate)";

/**
 * The owner (the authenticated principal, or the configured default) is part of every key the notes are stored
 * under, so it is held to NOTE_LIMITS.ownerMaxLength of well-formed text (see there why). A caller whose
 * principal breaks that cannot have notes: a 400 naming "owner", checked before any read or write.
 */
function requireValidOwner(owner: string): void {
  const length = characterCount(owner);
  if (length < 1 || length > NOTE_LIMITS.ownerMaxLength || !isValidText(owner)) {
    throw new ValidationError("invalid request", [
      {
        field: "owner",
        message: `the authenticated principal must be 1 to ${NOTE_LIMITS.ownerMaxLength} characters of valid Unicode text`,
      },
    ]);
  }
}

function titleProblem(trimmedTitle: string): FieldProblem | undefined {
  if (!isValidText(trimmedTitle)) return { field: "title", message: INVALID_TEXT };
  const length = characterCount(trimmedTitle);
  if (length < 1 || length > NOTE_LIMITS.titleMaxLength) {
    return {
      field: "title",
      message: `must be 1 to ${NOTE_LIMITS.titleMaxLength} characters after trimming surrounding whitespace`,
    };
  }
  return undefined;
}

function contentProblem(content: string): FieldProblem | undefined {
  if (!isValidText(content)) return { field: "content", message: INVALID_TEXT };
  if (characterCount(content) > NOTE_LIMITS.contentMaxLength) {
    return { field: "content", message: `must be at most ${NOTE_LIMITS.contentMaxLength} characters` };
  }
  return undefined;
}

function requireTitle(title: string | undefined): string {
  const trimmed = title?.trim() ?? "";
  if (trimmed === "") throw new ValidationError("title is required");
  const problem = titleProblem(trimmed);
  if (problem) throw new ValidationError("invalid request body", [problem]);
  return trimmed;
}

function checkContent(content: string): string {
  const problem = contentProblem(content);
  if (problem) throw new ValidationError("invalid request body", [problem]);
  return content;
}

function checkIdempotencyKey(key: string): string {
  // Printable ASCII only: the key becomes part of a DynamoDB key and is echoed in logs.
  if (key.length < 1 || key.length > NOTE_LIMITS.idempotencyKeyMaxLength || !/^[\x21-\x7e]+$/.test(key)) {
    throw new ValidationError("invalid request", [
      {
        field: "Idempotency-Key",
        message: `must be 1 to ${NOTE_LIMITS.idempotencyKeyMaxLength} printable ASCII characters without spaces`,
      },
    ]);
  }
  return key;
}
