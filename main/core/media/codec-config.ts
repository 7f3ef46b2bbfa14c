// Reads the few codec facts X's rules need from decoder configuration bytes (avcC SPS, hvcC, AAC
// AudioSpecificConfig). Pure.

const AVC_PROFILES: Record<number, string> = {
  66: 'Baseline',
  77: 'Main',
  88: 'Extended',
  100: 'High',
  110: 'High 10',
  122: 'High 4:2:2',
  244: 'High 4:4:4 Predictive',
  44: 'CAVLC 4:4:4 Intra',
};

/** "avc1.64001f" → "High"; constraint_set1 on Baseline makes it "Constrained Baseline". */
export function avcProfileName(profileIdc: number, constraintFlags: number): string {
  if (profileIdc === 66 && constraintFlags & 0x40) return 'Constrained Baseline';
  return AVC_PROFILES[profileIdc] ?? `profile ${profileIdc}`;
}

const HEVC_PROFILES: Record<number, string> = { 1: 'Main', 2: 'Main 10', 3: 'Main Still Picture', 4: 'Range Extensions' };

export function hevcProfileName(profileIdc: number): string {
  return HEVC_PROFILES[profileIdc] ?? `profile ${profileIdc}`;
}

/** ffmpeg-style names: chroma_format_idc 1 → "yuv420p", 10-bit → "yuv420p10". */
export function pixelFormatName(chromaFormatIdc: number, bitDepth: number): string | null {
  const base = ['gray', 'yuv420p', 'yuv422p', 'yuv444p'][chromaFormatIdc];
  if (base === undefined) return null;
  return bitDepth > 8 ? `${base}${bitDepth}` : base;
}

// H.264 §7.3.2.1.1: profiles whose SPS carries chroma_format_idc and bit depths; all others are 4:2:0, 8-bit.
const PROFILES_WITH_CHROMA = new Set([100, 110, 122, 244, 44, 83, 86, 118, 128, 138, 139, 134, 135]);

export interface SpsFacts {
  profileIdc: number;
  constraintFlags: number;
  chromaFormatIdc: number;
  bitDepth: number;
}

/** Parses the start of an H.264 sequence parameter set NAL unit (with its one-byte NAL header). */
export function parseAvcSps(nal: Uint8Array): SpsFacts | null {
  const rbsp = removeEmulationPrevention(nal.subarray(1));
  if (rbsp.length < 4) return null;
  const profileIdc = rbsp[0]!;
  const constraintFlags = rbsp[1]!;
  if (!PROFILES_WITH_CHROMA.has(profileIdc)) return { profileIdc, constraintFlags, chromaFormatIdc: 1, bitDepth: 8 };
  const bits = new BitReader(rbsp, 3 * 8); // after profile_idc, constraint flags, level_idc
  bits.exponentialGolomb(); // seq_parameter_set_id
  const chromaFormatIdc = bits.exponentialGolomb();
  if (chromaFormatIdc === 3) bits.bit(); // separate_colour_plane_flag
  const bitDepth = bits.exponentialGolomb() + 8; // bit_depth_luma_minus8
  if (bits.overrun) return null;
  return { profileIdc, constraintFlags, chromaFormatIdc, bitDepth };
}

function removeEmulationPrevention(bytes: Uint8Array): Uint8Array {
  const out: number[] = [];
  for (let index = 0; index < bytes.length; index += 1) {
    // 00 00 03 → 00 00: the 03 only keeps start codes out of the payload.
    if (index >= 2 && bytes[index] === 3 && bytes[index - 1] === 0 && bytes[index - 2] === 0) continue;
    out.push(bytes[index]!);
  }
  return Uint8Array.from(out);
}

class BitReader {
  readonly bytes: Uint8Array;
  position: number;
  overrun = false;

  constructor(bytes: Uint8Array, position: number) {
    this.bytes = bytes;
    this.position = position;
  }

  bit(): number {
    const byte = this.bytes[this.position >> 3];
    if (byte === undefined) {
      this.overrun = true;
      return 0;
    }
    const value = (byte >> (7 - (this.position & 7))) & 1;
    this.position += 1;
    return value;
  }

  bits(count: number): number {
    let value = 0;
    for (let index = 0; index < count; index += 1) value = value * 2 + this.bit();
    return value;
  }

  exponentialGolomb(): number {
    let zeros = 0;
    while (this.bit() === 0 && !this.overrun && zeros < 32) zeros += 1;
    return 2 ** zeros - 1 + this.bits(zeros);
  }
}

export interface AacFacts {
  objectType: number;
  profile: string;
  channels: number | null;
}

const AAC_PROFILES: Record<number, string> = { 1: 'AAC Main', 2: 'AAC-LC', 3: 'AAC SSR', 4: 'AAC LTP', 5: 'HE-AAC', 29: 'HE-AAC v2' };
// ISO 14496-3 channelConfiguration → channels (0 means "in the program config element": unknown here).
const AAC_CHANNELS = [null, 1, 2, 3, 4, 5, 6, 8];

/** The AudioSpecificConfig (ISO 14496-3 §1.6.2.1): object type, then sampling frequency, then channels. */
export function parseAudioSpecificConfig(config: Uint8Array): AacFacts | null {
  if (config.length < 2) return null;
  const bits = new BitReader(config, 0);
  let objectType = bits.bits(5);
  if (objectType === 31) objectType = 32 + bits.bits(6);
  const frequencyIndex = bits.bits(4);
  if (frequencyIndex === 15) bits.bits(24);
  const channelConfiguration = bits.bits(4);
  if (bits.overrun) return null;
  return {
    objectType,
    profile: AAC_PROFILES[objectType] ?? `AAC object type ${objectType}`,
    channels: AAC_CHANNELS[channelConfiguration] ?? null,
  };
}
