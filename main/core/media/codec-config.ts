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

const HEVC_PROFILES: Record<number, string> = {
  1: 'Main',
  2: 'Main 10',
  3: 'Main Still Picture',
  4: 'Range Extensions',
};

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
  /**
   * frame_mbs_only_flag: false means the stream may code fields or field/frame macroblock pairs (MBAFF),
   * i.e. interlaced video; null when the SPS ends (or is malformed) before the flag.
   */
  frameMbsOnly: boolean | null;
}

/** Parses the start of an H.264 sequence parameter set NAL unit (with its one-byte NAL header), §7.3.2.1.1. */
export function parseAvcSps(nal: Uint8Array): SpsFacts | null {
  const rbsp = removeEmulationPrevention(nal.subarray(1));
  if (rbsp.length < 4) return null;
  const profileIdc = rbsp[0]!;
  const constraintFlags = rbsp[1]!;
  const bits = new BitReader(rbsp, 3 * 8); // after profile_idc, constraint flags, level_idc
  bits.exponentialGolomb(); // seq_parameter_set_id
  let chromaFormatIdc = 1;
  let bitDepth = 8;
  if (PROFILES_WITH_CHROMA.has(profileIdc)) {
    chromaFormatIdc = bits.exponentialGolomb();
    if (chromaFormatIdc === 3) bits.bit(); // separate_colour_plane_flag
    bitDepth = bits.exponentialGolomb() + 8; // bit_depth_luma_minus8
    if (bits.overrun) return null;
    bits.exponentialGolomb(); // bit_depth_chroma_minus8
    bits.bit(); // qpprime_y_zero_transform_bypass_flag
    if (bits.bit() === 1) skipScalingLists(bits, chromaFormatIdc === 3 ? 12 : 8); // seq_scaling_matrix_present_flag
  }
  return { profileIdc, constraintFlags, chromaFormatIdc, bitDepth, frameMbsOnly: readFrameMbsOnly(bits) };
}

// The spec bounds num_ref_frames_in_pic_order_cnt_cycle to 0..255; more means the bytes are not an SPS.
const MAX_POC_CYCLE = 255;

/** Reads on from log2_max_frame_num_minus4 to frame_mbs_only_flag (§7.3.2.1.1). */
function readFrameMbsOnly(bits: BitReader): boolean | null {
  if (bits.overrun) return null;
  bits.exponentialGolomb(); // log2_max_frame_num_minus4
  const picOrderCountType = bits.exponentialGolomb();
  if (picOrderCountType === 0) {
    bits.exponentialGolomb(); // log2_max_pic_order_cnt_lsb_minus4
  } else if (picOrderCountType === 1) {
    bits.bit(); // delta_pic_order_always_zero_flag
    bits.signedExponentialGolomb(); // offset_for_non_ref_pic
    bits.signedExponentialGolomb(); // offset_for_top_to_bottom_field
    const cycle = bits.exponentialGolomb(); // num_ref_frames_in_pic_order_cnt_cycle
    if (cycle > MAX_POC_CYCLE) return null;
    for (let index = 0; index < cycle && !bits.overrun; index += 1) bits.signedExponentialGolomb(); // offset_for_ref_frame
  }
  bits.exponentialGolomb(); // max_num_ref_frames
  bits.bit(); // gaps_in_frame_num_value_allowed_flag
  bits.exponentialGolomb(); // pic_width_in_mbs_minus1
  bits.exponentialGolomb(); // pic_height_in_map_units_minus1
  const frameMbsOnly = bits.bit();
  return bits.overrun ? null : frameMbsOnly === 1;
}

/** scaling_list() (§7.3.2.1.1.1) for each list present: 6 lists of 16 coefficients, then 8×8 lists of 64. */
function skipScalingLists(bits: BitReader, count: number): void {
  for (let list = 0; list < count && !bits.overrun; list += 1) {
    if (bits.bit() === 0) continue; // seq_scaling_list_present_flag
    const size = list < 6 ? 16 : 64;
    let last = 8;
    let next = 8;
    for (let index = 0; index < size && next !== 0 && !bits.overrun; index += 1) {
      // nextScale 0 means "the rest of the list repeats the last value": nothing more is coded.
      next = (last + bits.signedExponentialGolomb() + 256) % 256; // delta_scale
      last = next;
    }
  }
}

/**
 * HEVC scan type from the hvcC general_constraint_indicator_flags (their first byte begins with
 * general_progressive_source_flag, then general_interlaced_source_flag: H.265 §7.4.4). Interlaced only, or
 * progressive only, is known; neither or both (scan type signalled per picture in SEI) is null.
 */
export function hevcInterlaced(constraintIndicator: Uint8Array | undefined): boolean | null {
  const first = constraintIndicator?.[0];
  if (first === undefined) return null;
  const progressive = (first & 0x80) !== 0;
  const interlaced = (first & 0x40) !== 0;
  return progressive === interlaced ? null : interlaced;
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

  /** se(v): 0, 1, −1, 2, −2, … from ue(v) 0, 1, 2, 3, 4, … */
  signedExponentialGolomb(): number {
    const code = this.exponentialGolomb();
    return code % 2 === 1 ? (code + 1) / 2 : -code / 2;
  }
}

export interface AacFacts {
  objectType: number;
  profile: string;
  channels: number | null;
}

const AAC_PROFILES: Record<number, string> = {
  1: 'AAC Main',
  2: 'AAC-LC',
  3: 'AAC SSR',
  4: 'AAC LTP',
  5: 'HE-AAC',
  29: 'HE-AAC v2',
};
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
