// Limits the window checks as the user types, the IPC schemas enforce, and core checks again
// before anything goes to X (x-media-upload.md §1 "additional_owners", §3 alt text).
export const ALT_TEXT_MAX = 1000;

/**
 * Alt text's length as X counts it: in characters, i.e. Unicode code points (an emoji is one, not
 * the two UTF-16 units of `string.length`). The window, the IPC schema, prepare and the CLI all use this.
 */
export function altTextLength(text: string): number {
  return [...text].length;
}
export const OWNERS_MAX = 100;
/** X's ids (users, media) are decimal strings of up to 19 digits: they exceed 2^53. */
export const X_ID_PATTERN = /^[0-9]{1,19}$/;

/** The largest pasted image taken (a 4K screenshot as PNG is ~25 MB; far beyond is not a pasted picture). */
export const PASTE_MAX_BYTES = 64 * 1024 * 1024;
