/**
 * The version a PATCH or DELETE is conditional on, from its If-Match header.
 *
 * - no header, or `*`: undefined, no version condition (the write still requires the note to exist,
 *   which is all `*` asks).
 * - one strong tag of a version, `"3"`: that version. Compared as text, as strong comparison demands, so
 *   `"03"` is not version 3.
 * - anything else (a weak tag `W/"3"`, which never matches under If-Match's strong comparison; a list of
 *   tags; garbage): 0. No note ever has version 0 (versions start at 1), so the condition cannot hold:
 *   an existing note answers 412 and a missing one still 404, and nothing is written. Lists are refused
 *   rather than matched member by member because the repository checks one version in the write itself.
 */
export function expectedVersion(ifMatch: string | undefined): number | undefined {
  if (ifMatch === undefined) return undefined;
  const value = ifMatch.trim();
  if (value === "*") return undefined;
  const tag = /^"([1-9][0-9]{0,14})"$/.exec(value);
  return tag?.[1] === undefined ? 0 : Number(tag[1]);
}
