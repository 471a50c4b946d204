export * from "./errors.ts";
export * from "./note.ts";
export * from "./notes-service.ts";
export type * from "./ports.ts";
