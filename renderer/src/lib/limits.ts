// Limits the renderer checks as the user types. They mirror main/ipc/contract.ts (a renderer test
// asserts they stay equal) without pulling zod into the page bundle.
export const ALT_TEXT_MAX = 1000;
export const OWNERS_MAX = 100;
/** X user ids are digits (X's schema for additional_owners). */
export const USER_ID_PATTERN = /^\d{1,19}$/;
