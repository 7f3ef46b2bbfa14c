// Open GOP detection for H.264 in MP4 (x-media-upload.md §3 video rules: "no open GOP"). In a closed-GOP
// stream every sync sample (keyframe listed in `stss`) is an IDR picture (NAL type 5); an open-GOP encoder
// also marks recovery points, non-IDR I pictures (NAL type 1 after a recovery point SEI), as sync samples,
// and the B-frames after them reference the previous GOP. The check reads a few bytes of each sync sample:
// the length prefix and header of each NAL unit up to the first coded slice, never the slice data.

/** At most this many sync samples are checked (from the start): an encoder's GOP structure holds for the
 * whole stream, and a long video may have thousands of keyframes. */
export const MAX_SYNC_SAMPLES_CHECKED = 50;
/** NAL units skipped (SEI, AUD, in-band SPS/PPS, …) before a sample is given up on as unknown. */
const MAX_NAL_UNITS_PER_SAMPLE = 16;
/** Bytes read at a time inside a sample: enough for a few small NAL headers. */
export const READ_WINDOW_BYTES = 256;

const NAL_IDR_SLICE = 5;

export interface SampleLocation {
  /** Where the sample starts in the file. */
  offset: number;
  size: number;
}

/** A positioned read: up to `length` bytes from `position`, fewer at the end of the file. */
export type ReadAt = (position: number, length: number) => Promise<Uint8Array>;

/**
 * The nal_unit_type of the first coded slice (types 1–5) in a sample of length-prefixed NAL units, or null
 * when none is found within the sample and the bounds above (a damaged sample, or not H.264 at all).
 */
export async function firstSliceNalType(
  read: ReadAt,
  sample: SampleLocation,
  lengthSize: number,
): Promise<number | null> {
  const end = sample.offset + sample.size;
  let window: Uint8Array = new Uint8Array(0);
  let windowStart = 0;
  let position = sample.offset;
  for (let count = 0; count < MAX_NAL_UNITS_PER_SAMPLE && position + lengthSize + 1 <= end; count += 1) {
    if (position + lengthSize + 1 > windowStart + window.length) {
      window = await read(position, Math.min(READ_WINDOW_BYTES, end - position));
      windowStart = position;
      if (window.length < lengthSize + 1) return null; // the file ends inside the sample
    }
    const at = position - windowStart;
    let length = 0;
    for (let index = 0; index < lengthSize; index += 1) length = length * 256 + window[at + index]!;
    if (length === 0) return null;
    const type = window[at + lengthSize]! & 0x1f;
    if (type >= 1 && type <= NAL_IDR_SLICE) return type;
    position += lengthSize + length;
  }
  return null;
}

/**
 * true when a checked sync sample starts with a non-IDR slice (open GOP); false when every one checked is
 * an IDR picture; null when some could not be read and none was open (unknown: no finding).
 */
export async function hasOpenGop(
  read: ReadAt,
  syncSamples: readonly SampleLocation[],
  lengthSize: number,
): Promise<boolean | null> {
  // avcC allows NAL length fields of 1, 2 or 4 bytes.
  if (![1, 2, 4].includes(lengthSize) || syncSamples.length === 0) return null;
  let unknown = false;
  for (const sample of syncSamples.slice(0, MAX_SYNC_SAMPLES_CHECKED)) {
    const type = await firstSliceNalType(read, sample, lengthSize);
    if (type === null) unknown = true;
    else if (type !== NAL_IDR_SLICE) return true;
  }
  return unknown ? null : false;
}

/**
 * The sync samples to check, from the `stss` sample numbers (1-based) and the track's sample table; 'all'
 * when the track has no `stss` (ISO 14496-12 §8.6.2: then every sample is a sync sample, so there is no
 * recovery-point keyframe to find).
 */
export function syncSampleLocations(
  syncSampleNumbers: readonly number[] | undefined,
  samples: readonly SampleLocation[],
): SampleLocation[] | 'all' {
  if (syncSampleNumbers === undefined) return 'all';
  const locations: SampleLocation[] = [];
  for (const number of syncSampleNumbers.slice(0, MAX_SYNC_SAMPLES_CHECKED)) {
    const sample = samples[number - 1];
    if (sample !== undefined) locations.push({ offset: sample.offset, size: sample.size });
  }
  return locations;
}
