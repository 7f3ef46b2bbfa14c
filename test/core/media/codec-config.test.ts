// Decoder configuration parsing over hand-built H.264 SPS bits (the fields real encoders here never write:
// scaling lists, pic_order_cnt_type 1) and hvcC constraint flags.
import { describe, expect, it } from 'vitest';
import { hevcInterlaced, parseAvcSps } from '../../../main/core/media/codec-config.ts';

/** Writes an SPS bit by bit (u(n), ue(v), se(v)) and wraps it as a NAL unit, as an encoder would. */
class SpsWriter {
  readonly bits: number[] = [];

  u(value: number, count: number): this {
    for (let index = count - 1; index >= 0; index -= 1) this.bits.push(Math.floor(value / 2 ** index) % 2);
    return this;
  }

  ue(value: number): this {
    const code = value + 1;
    const length = Math.floor(Math.log2(code));
    return this.u(0, length).u(code, length + 1);
  }

  se(value: number): this {
    return this.ue(value > 0 ? 2 * value - 1 : -2 * value);
  }

  /** NAL header 0x67 (SPS), the bits, rbsp_stop_one_bit, zero padding, emulation prevention bytes. */
  nal(): Uint8Array {
    const bits = [...this.bits, 1];
    while (bits.length % 8 !== 0) bits.push(0);
    const out = [0x67];
    let zeros = 0;
    for (let index = 0; index < bits.length; index += 8) {
      const byte = bits.slice(index, index + 8).reduce((value, bit) => value * 2 + bit, 0);
      if (zeros >= 2 && byte <= 3) {
        out.push(3);
        zeros = 0;
      }
      out.push(byte);
      zeros = byte === 0 ? zeros + 1 : 0;
    }
    return Uint8Array.from(out);
  }
}

/** profile_idc, constraint flags, level_idc, seq_parameter_set_id. */
function spsStart(profileIdc: number): SpsWriter {
  return new SpsWriter().u(profileIdc, 8).u(0, 8).u(31, 8).ue(0);
}

/** From log2_max_frame_num_minus4 (pic_order_cnt_type 0) to frame_mbs_only_flag, then MBAFF and the rest. */
function spsTail(writer: SpsWriter, frameMbsOnly: 0 | 1): SpsWriter {
  writer.ue(0).ue(0).ue(2); // log2_max_frame_num_minus4, pic_order_cnt_type 0, log2_max_pic_order_cnt_lsb_minus4
  writer.ue(4).u(0, 1).ue(9).ue(7); // max_num_ref_frames, gaps flag, width and height in macroblocks − 1
  writer.u(frameMbsOnly, 1);
  if (frameMbsOnly === 0) writer.u(1, 1); // mb_adaptive_frame_field_flag
  return writer.u(1, 1).u(0, 1).u(0, 1); // direct_8x8_inference, no cropping, no VUI
}

describe('parseAvcSps: frame_mbs_only_flag', () => {
  it.each([
    [0, false],
    [1, true],
  ] as const)('reads flag %i after a High profile SPS with scaling lists', (flag, frameMbsOnly) => {
    const writer = spsStart(100).ue(1).ue(0).ue(0).u(0, 1); // 4:2:0, 8-bit luma and chroma, no bypass
    writer.u(1, 1); // seq_scaling_matrix_present_flag
    writer.u(1, 1); // list 0: 16 explicit coefficients
    for (let index = 0; index < 16; index += 1) writer.se(index % 2 === 0 ? 3 : -2);
    writer.u(1, 1).se(-8); // list 1: delta −8 makes nextScale 0 ("use the default list"): one value only
    writer.u(0, 4); // lists 2–5 absent
    writer.u(1, 1); // list 6 (8×8): 64 coefficients, all delta 0
    for (let index = 0; index < 64; index += 1) writer.se(0);
    writer.u(0, 1); // list 7 absent
    expect(parseAvcSps(spsTail(writer, flag).nal())).toEqual({
      profileIdc: 100,
      constraintFlags: 0,
      chromaFormatIdc: 1,
      bitDepth: 8,
      frameMbsOnly,
    });
  });

  it.each([
    [0, false],
    [1, true],
  ] as const)(
    'reads flag %i after pic_order_cnt_type 1 and its reference frame offsets (Main profile)',
    (flag, frameMbsOnly) => {
      const writer = spsStart(77).ue(0).ue(1); // log2_max_frame_num_minus4, pic_order_cnt_type 1
      writer.u(0, 1).se(-3).se(2).ue(3).se(1).se(-1).se(5); // offsets, a cycle of three reference frames
      writer.ue(2).u(0, 1).ue(19).ue(14).u(flag, 1);
      expect(parseAvcSps(writer.nal())).toMatchObject({ profileIdc: 77, chromaFormatIdc: 1, frameMbsOnly });
    },
  );

  it('reads the flag after pic_order_cnt_type 2 (no fields of its own)', () => {
    const writer = spsStart(66).ue(0).ue(2).ue(1).u(0, 1).ue(9).ue(7).u(1, 1);
    expect(parseAvcSps(writer.nal())?.frameMbsOnly).toBe(true);
  });

  it('reads the flag in 4:4:4 with its 12 scaling list flags', () => {
    const writer = spsStart(244).ue(3).u(0, 1).ue(0).ue(0).u(0, 1); // 4:4:4, separate_colour_plane 0
    writer.u(1, 1).u(0, 11).u(1, 1).se(-8); // matrix present: lists 0–10 absent, list 11 "default"
    expect(parseAvcSps(spsTail(writer, 0).nal())).toMatchObject({ chromaFormatIdc: 3, frameMbsOnly: false });
  });

  it('keeps profile and chroma facts but knows no scan type when the SPS ends before the flag', () => {
    const bytes = spsTail(spsStart(100).ue(1).ue(0).ue(0).u(0, 1).u(0, 1), 0).nal();
    expect(parseAvcSps(bytes.subarray(0, 6))).toEqual({
      profileIdc: 100,
      constraintFlags: 0,
      chromaFormatIdc: 1,
      bitDepth: 8,
      frameMbsOnly: null,
    });
  });

  it('refuses an impossible pic_order_cnt cycle length instead of reading on', () => {
    const writer = spsStart(77).ue(0).ue(1).u(0, 1).se(0).se(0).ue(256);
    expect(parseAvcSps(writer.nal())?.frameMbsOnly).toBeNull();
  });
});

describe('hevcInterlaced', () => {
  it.each([
    [0x40, true],
    [0x80, false],
    [0x90, false],
    [0x00, null],
    [0xc0, null],
  ] as const)('first constraint byte %i → %s', (first, interlaced) => {
    expect(hevcInterlaced(Uint8Array.of(first, 0, 0, 0, 0, 0))).toBe(interlaced);
  });

  it('is null without constraint flags', () => {
    expect(hevcInterlaced(undefined)).toBeNull();
  });
});
