// Media ids are 64-bit and start above 2^53 (reference §1 "Media ids are 64-bit"), so a client
// that reads them as JavaScript numbers gets a wrong id from the sandbox, as it would from X.

export const FIRST_MEDIA_ID = 1880028106020515840n;

export function createMediaIdSequence(first: bigint = FIRST_MEDIA_ID): () => string {
  let next = first;
  return () => {
    const id = next;
    next += 1n;
    return id.toString();
  };
}

/** X's media keys are `<type prefix>_<id>`: 3 for images, 7 for video, 16 for GIFs. */
export function mediaKeyFor(mediaId: string, mediaType: string): string {
  const prefix = mediaType.startsWith('video/') ? '7' : mediaType === 'image/gif' ? '16' : '3';
  return `${prefix}_${mediaId}`;
}

/** A JSON number written with exact digits (JSON.stringify cannot write a BigInt). */
export function exactNumber(digits: string): unknown {
  if (!/^[0-9]+$/.test(digits)) throw new Error(`not an integer: ${digits}`);
  return (JSON as unknown as { rawJSON(text: string): unknown }).rawJSON(digits);
}
