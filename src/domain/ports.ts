import type { Note } from "./note.ts";

export interface NoteChanges {
  title?: string;
  content?: string;
  updatedAt: number;
}

export interface NotePage {
  items: Note[];
  /** Opaque; null when there is nothing after this page. */
  nextCursor: string | null;
}

/**
 * Where notes live. Implementations check existence and versions in the write itself, never by a read
 * before it, and translate their store's failures into domain errors.
 */
export interface NoteRepository {
  /** Stores a new note. Never overwrites: throws AlreadyExistsError if the id is taken. */
  create(note: Note): Promise<void>;
  get(owner: string, noteId: string): Promise<Note | undefined>;
  /** Newest first. Throws InvalidCursorError for a cursor it did not issue to this owner. */
  list(owner: string, options: { limit: number; cursor?: string }): Promise<NotePage>;
  /**
   * Applies the changes and increments the version, only if the note exists and, when expectedVersion
   * is given, has that version. Throws NotFoundError or VersionConflictError otherwise.
   */
  update(owner: string, noteId: string, changes: NoteChanges, expectedVersion?: number): Promise<Note>;
  /** Same conditions as update. */
  delete(owner: string, noteId: string, expectedVersion?: number): Promise<void>;
}

export interface IdempotencyRecord {
  owner: string;
  key: string;
  /** The normalised request the key was first used with. */
  fingerprint: string;
  /** The id reserved for the note this key creates. */
  noteId: string;
  /** Epoch seconds when the key was claimed. */
  claimedAt: number;
  /** Epoch seconds after which the record no longer counts. */
  expiresAt: number;
  /** The created note, once the first request finished. */
  note?: Note;
}

export interface IdempotencyStore {
  /**
   * Claims the key if no live record holds it (one whose expiresAt is still ahead of `now`), in one
   * conditional write. Returns undefined when this call claimed it, or the record that holds it.
   */
  claim(record: IdempotencyRecord, now: number): Promise<IdempotencyRecord | undefined>;
  /** Records the note the key created, so repeats can replay it. */
  complete(owner: string, key: string, note: Note): Promise<void>;
}

export interface Clock {
  /** Current time in Unix epoch seconds. */
  nowSeconds(): number;
}

export interface IdGenerator {
  /** A new unique, URL-safe id that sorts after every id generated before it. */
  next(): string;
  /** Whether a string could be an id this generator made; anything else cannot name a note. */
  isValid(id: string): boolean;
}
