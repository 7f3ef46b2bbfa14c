// The session notices the engine sets and the window reads as states ("Paused", not "Ready").
// Pure constants, so the renderer can import them without the engine.

/** While it waits for the API to be reachable (the engine's start() picks these up again). */
export const WAITING_NOTICE = 'Waiting for connection';
/** Paused by the user: ready again, keeping what X acknowledged. */
export const PAUSED_NOTICE = 'Paused';
/** Held while the user works offline (sent when that is lifted; start() picks these up again too). */
export const HELD_NOTICE = 'Held: working offline';
