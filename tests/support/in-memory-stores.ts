import {
  AlreadyExistsError,
  type Clock,
  createNotesService,
  type IdempotencyRecord,
  type IdempotencyStore,
  type IdGenerator,
  InvalidCursorError,
  type Note,
  type NoteChanges,
  type NotePage,
  type NoteRepository,
  NotFoundError,
  VersionConflictError,
} from "../../src/domain/index.ts";

/**
 * A NoteRepository that keeps notes in memory and follows the port's promises: creates never overwrite,
 * updates and deletes check existence and version in the same step, listing is newest first with an opaque
 * cursor that only works for the owner it was issued to. Every note handed out is a copy.
 */
export class InMemoryNoteRepository implements NoteRepository {
  readonly #notes = new Map<string, Map<string, Note>>();
  readonly #cursors = new Map<string, { owner: string; afterNoteId: string }>();
  #cursorCount = 0;

  async create(note: Note): Promise<void> {
    const notes = this.#notesOf(note.owner);
    if (notes.has(note.noteId)) throw new AlreadyExistsError();
    notes.set(note.noteId, { ...note });
  }

  async get(owner: string, noteId: string): Promise<Note | undefined> {
    const note = this.#notes.get(owner)?.get(noteId);
    return note && { ...note };
  }

  async list(owner: string, options: { limit: number; cursor?: string }): Promise<NotePage> {
    let ids = [...this.#notesOf(owner).keys()].sort().reverse();
    if (options.cursor !== undefined) {
      const position = this.#cursors.get(options.cursor);
      if (!position || position.owner !== owner) throw new InvalidCursorError();
      ids = ids.filter((id) => id < position.afterNoteId);
    }
    const pageIds = ids.slice(0, options.limit);
    const items = pageIds.map((id) => ({ ...(this.#notesOf(owner).get(id) as Note) }));
    const last = pageIds.at(-1);
    if (last === undefined || ids.length <= options.limit) return { items, nextCursor: null };
    const cursor = `cursor-${++this.#cursorCount}`;
    this.#cursors.set(cursor, { owner, afterNoteId: last });
    return { items, nextCursor: cursor };
  }

  async update(owner: string, noteId: string, changes: NoteChanges, expectedVersion?: number): Promise<Note> {
    const stored = this.#existing(owner, noteId, expectedVersion);
    const updated: Note = {
      ...stored,
      ...(changes.title === undefined ? {} : { title: changes.title }),
      ...(changes.content === undefined ? {} : { content: changes.content }),
      updatedAt: changes.updatedAt,
      version: stored.version + 1,
    };
    this.#notesOf(owner).set(noteId, updated);
    return { ...updated };
  }

  async delete(owner: string, noteId: string, expectedVersion?: number): Promise<void> {
    this.#existing(owner, noteId, expectedVersion);
    this.#notesOf(owner).delete(noteId);
  }

  /** Every stored note of every owner, for tests that check nothing else was written. */
  allNotes(): Note[] {
    return [...this.#notes.values()].flatMap((notes) => [...notes.values()].map((note) => ({ ...note })));
  }

  #existing(owner: string, noteId: string, expectedVersion: number | undefined): Note {
    const stored = this.#notes.get(owner)?.get(noteId);
    if (!stored) throw new NotFoundError();
    if (expectedVersion !== undefined && stored.version !== expectedVersion) throw new VersionConflictError();
    return stored;
  }

  #notesOf(owner: string): Map<string, Note> {
    let notes = this.#notes.get(owner);
    if (!notes) {
      notes = new Map();
      this.#notes.set(owner, notes);
    }
    return notes;
  }
}

/** An IdempotencyStore in memory: a claim succeeds only when no live record (expiresAt ahead of now) holds the key. */
export class InMemoryIdempotencyStore implements IdempotencyStore {
  readonly #records = new Map<string, IdempotencyRecord>();

  async claim(record: IdempotencyRecord, now: number): Promise<IdempotencyRecord | undefined> {
    const id = recordId(record.owner, record.key);
    const held = this.#records.get(id);
    if (held && held.expiresAt > now) return structuredClone(held);
    this.#records.set(id, structuredClone(record));
    return undefined;
  }

  async complete(owner: string, key: string, note: Note): Promise<void> {
    const held = this.#records.get(recordId(owner, key));
    if (held) held.note = { ...note };
  }

  record(owner: string, key: string): IdempotencyRecord | undefined {
    const held = this.#records.get(recordId(owner, key));
    return held && structuredClone(held);
  }
}

function recordId(owner: string, key: string): string {
  return JSON.stringify([owner, key]);
}

/** A clock that stands still until a test moves it. */
export class TestClock implements Clock {
  #now: number;

  constructor(startSeconds = 1_750_000_000) {
    this.#now = startSeconds;
  }

  nowSeconds(): number {
    return this.#now;
  }

  advance(seconds: number): void {
    this.#now += seconds;
  }
}

const ULID_PATTERN = /^[0-7][0-9A-HJKMNP-TV-Z]{25}$/;

/**
 * Ids shaped like ULIDs (26 Crockford base-32 characters) that count up, so they sort by creation time the
 * way real ULIDs do. isValid accepts any ULID-shaped string, as the real generator does.
 */
export class SequentialIds implements IdGenerator {
  #count = 0;

  next(): string {
    this.#count += 1;
    return `01J${String(this.#count).padStart(23, "0")}`;
  }

  isValid(id: string): boolean {
    return ULID_PATTERN.test(id);
  }
}

/** The notes service over fresh in-memory fakes, with the fakes exposed for arranging and checking. */
export function createInMemoryNotes() {
  const repository = new InMemoryNoteRepository();
  const idempotency = new InMemoryIdempotencyStore();
  const clock = new TestClock();
  const ids = new SequentialIds();
  const service = createNotesService({ repository, idempotency, clock, ids });
  return { repository, idempotency, clock, ids, service };
}
