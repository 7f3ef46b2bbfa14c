// Open GOP detection over hand-built access units: length-prefixed NAL units as MP4 stores H.264.
import { describe, expect, it } from 'vitest';
import {
  firstSliceNalType,
  hasOpenGop,
  MAX_SYNC_SAMPLES_CHECKED,
  READ_WINDOW_BYTES,
  syncSampleLocations,
  type SampleLocation,
} from '../../../main/core/media/open-gop.ts';

const SEI = 6;
const AUD = 9;
const SPS = 7;
const NON_IDR = 1;
const IDR = 5;

/** One NAL unit: a big-endian length field, the header byte (nal_ref_idc 3 for slices), a payload. */
function nal(type: number, payloadBytes = 8, lengthSize = 4): Uint8Array {
  const length = 1 + payloadBytes;
  const out = new Uint8Array(lengthSize + length);
  for (let index = 0; index < lengthSize; index += 1)
    out[index] = Math.floor(length / 256 ** (lengthSize - 1 - index)) % 256;
  out[lengthSize] = (type === SEI || type === AUD ? 0 : 0x60) | type;
  out.fill(0xaa, lengthSize + 1);
  return out;
}

/** Samples laid end to end in one buffer (as in mdat), with a reader over it that records every read. */
function stream(samples: Uint8Array[][]) {
  const parts = samples.map((units) => Buffer.concat(units));
  const bytes = Buffer.concat(parts);
  const locations: SampleLocation[] = [];
  let offset = 0;
  for (const part of parts) {
    locations.push({ offset, size: part.length });
    offset += part.length;
  }
  const reads: { position: number; length: number }[] = [];
  const read = (position: number, length: number) => {
    reads.push({ position, length });
    return Promise.resolve(new Uint8Array(bytes.subarray(position, position + length)));
  };
  return { locations, read, reads };
}

describe('firstSliceNalType', () => {
  it('finds the IDR slice after an SEI', async () => {
    const { locations, read } = stream([[nal(SEI), nal(IDR, 500)]]);
    expect(await firstSliceNalType(read, locations[0]!, 4)).toBe(IDR);
  });

  it('finds a non-IDR slice after an access unit delimiter, an SEI and an in-band SPS', async () => {
    const { locations, read } = stream([[nal(AUD, 1), nal(SEI, 20), nal(SPS, 12), nal(NON_IDR, 300)]]);
    expect(await firstSliceNalType(read, locations[0]!, 4)).toBe(NON_IDR);
  });

  it('skips an SEI larger than its read window without reading the SEI’s body', async () => {
    const { locations, read, reads } = stream([[nal(SEI, 700), nal(IDR, 5000)]]);
    expect(await firstSliceNalType(read, locations[0]!, 4)).toBe(IDR);
    expect(reads).toEqual([
      { position: 0, length: READ_WINDOW_BYTES },
      { position: 4 + 701, length: READ_WINDOW_BYTES },
    ]);
  });

  it('reads 2-byte length fields', async () => {
    const { locations, read } = stream([[nal(SEI, 30, 2), nal(NON_IDR, 40, 2)]]);
    expect(await firstSliceNalType(read, locations[0]!, 2)).toBe(NON_IDR);
  });

  it('knows nothing of a sample with no slice, a zero length, or one past the end of the file', async () => {
    const noSlice = stream([[nal(SEI), nal(SEI)]]);
    expect(await firstSliceNalType(noSlice.read, noSlice.locations[0]!, 4)).toBeNull();
    const zero = stream([[Uint8Array.of(0, 0, 0, 0, 0x65, 1, 2, 3)]]);
    expect(await firstSliceNalType(zero.read, zero.locations[0]!, 4)).toBeNull();
    const past = stream([[nal(IDR)]]);
    expect(await firstSliceNalType(past.read, { offset: 1_000_000, size: 100 }, 4)).toBeNull();
  });
});

describe('hasOpenGop', () => {
  it('is false when every sync sample is an IDR picture', async () => {
    const { locations, read } = stream([[nal(SEI), nal(IDR)], [nal(IDR)], [nal(AUD, 1), nal(IDR)]]);
    expect(await hasOpenGop(read, locations, 4)).toBe(false);
  });

  it('is true when a sync sample is a non-IDR picture (a recovery point: open GOP)', async () => {
    const { locations, read } = stream([[nal(SEI), nal(IDR)], [nal(SEI), nal(NON_IDR)], [nal(IDR)]]);
    expect(await hasOpenGop(read, locations, 4)).toBe(true);
  });

  it('is unknown when a sync sample cannot be read and none is open', async () => {
    const { locations, read } = stream([[nal(IDR)], [nal(SEI)]]);
    expect(await hasOpenGop(read, locations, 4)).toBeNull();
  });

  it('is unknown with no sync samples or a length field size avcC does not allow', async () => {
    const { locations, read } = stream([[nal(IDR, 8, 3)]]);
    expect(await hasOpenGop(read, [], 4)).toBeNull();
    expect(await hasOpenGop(read, locations, 3)).toBeNull();
  });

  it(`checks at most the first ${MAX_SYNC_SAMPLES_CHECKED} sync samples`, async () => {
    const samples = Array.from({ length: 60 }, (_, index) => [nal(index === 55 ? NON_IDR : IDR)]);
    const { locations, read, reads } = stream(samples);
    expect(await hasOpenGop(read, locations, 4)).toBe(false);
    expect(reads.map((each) => each.position)).toEqual(
      locations.slice(0, MAX_SYNC_SAMPLES_CHECKED).map((each) => each.offset),
    );
  });
});

describe('syncSampleLocations', () => {
  const samples = Array.from({ length: 100 }, (_, index) => ({ offset: 1000 + index * 10, size: 10 }));

  it('maps stss’s 1-based sample numbers to offsets and sizes', () => {
    expect(syncSampleLocations([1, 31, 61], samples)).toEqual([
      { offset: 1000, size: 10 },
      { offset: 1300, size: 10 },
      { offset: 1600, size: 10 },
    ]);
  });

  it('says every sample is a sync sample when there is no stss', () => {
    expect(syncSampleLocations(undefined, samples)).toBe('all');
  });

  it('drops numbers past the sample table and keeps the first ones only', () => {
    expect(syncSampleLocations([0, 101, 5], samples)).toEqual([{ offset: 1040, size: 10 }]);
    expect(
      syncSampleLocations(
        Array.from({ length: 99 }, (_, index) => index + 1),
        samples,
      ),
    ).toHaveLength(MAX_SYNC_SAMPLES_CHECKED);
  });
});
