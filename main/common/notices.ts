// The session notices the engine sets and the window reads as states ("Paused", not "Ready"), and the
// window's warning before it is left with work only the page holds.
// Pure constants, so the renderer can import them without the engine.

/** While it waits for the API to be reachable (the engine's start() picks these up again). */
export const WAITING_NOTICE = 'Waiting for connection';
/** Paused by the user: ready again, keeping what X acknowledged. */
export const PAUSED_NOTICE = 'Paused';
/** Held while the user works offline (sent when that is lifted; start() picks these up again too). */
export const HELD_NOTICE = 'Held: working offline';

/** Why leaving the window asks first: what only the page holds is gone with it (sessions and posts are kept). */
export const UNSAVED_WORK_WARNING =
  'Files listed on Prepare but not prepared yet, and a post not yet queued, are only in this window. Queued uploads and posts are kept.';
