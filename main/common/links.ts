// The outside pages the window may ask main to open, by name: the page never hands main a URL
// (main/preload.ts passes names only), so a compromised page can open nothing else.

export const EXTERNAL_LINKS = {
  /** Where an X app's keys, tokens and client id come from. */
  developerPortal: 'https://developer.x.com',
} as const;

export type ExternalLink = keyof typeof EXTERNAL_LINKS;
export const EXTERNAL_LINK_NAMES = Object.keys(EXTERNAL_LINKS) as [ExternalLink, ...ExternalLink[]];
