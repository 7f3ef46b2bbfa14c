// MP4 / QuickTime facts from the `moov` box alone. moov may sit after a huge mdat (no faststart), so the
// top-level boxes are walked by their headers with positioned reads and only ftyp + moov are read and fed
// to mp4box. Of the media data, only the first bytes of a few keyframes are read (the open GOP check).
import { createFile, MP4BoxBuffer, type ISOFile, type Movie, type Track } from 'mp4box';
import type { BoundedReader } from './bounded-reader.ts';
import {
  avcProfileName,
  hevcInterlaced,
  hevcProfileName,
  parseAudioSpecificConfig,
  parseAvcSps,
  pixelFormatName,
} from './codec-config.ts';
import { failInspection } from './inspect-failure.ts';
import { topLevelBoxes, withoutMetadata } from './mp4-boxes.ts';
import { hasOpenGop, syncSampleLocations, type SampleLocation } from './open-gop.ts';
import type { VideoFacts } from '../../common/media-types.ts';

const MAX_FTYP_BYTES = 4096;

export async function inspectMp4(reader: BoundedReader, name: string, maxHeaderBytes: number): Promise<VideoFacts> {
  const boxes = await topLevelBoxes(reader, name);
  const ftyp = boxes.find((box) => box.type === 'ftyp');
  const moov = boxes.find((box) => box.type === 'moov');
  if (moov === undefined)
    failInspection(
      'file.corrupt',
      `${name} has no 'moov' box (the index of an MP4): the file is incomplete or not really an MP4`,
    );
  if (moov.size > maxHeaderBytes)
    failInspection(
      'file.corrupt',
      `${name}'s 'moov' box is ${moov.size} bytes, above the ${maxHeaderBytes} bytes Xfer reads`,
    );
  const parts: Uint8Array[] = [];
  if (ftyp !== undefined && ftyp.size <= MAX_FTYP_BYTES) parts.push(await reader.readAt(ftyp.start, ftyp.size));
  parts.push(withoutMetadata(await reader.readAt(moov.start, moov.size)));
  const { file, movie } = parseMovie(parts, name);
  const facts = videoFacts(file, movie, name);
  const video = movie.videoTracks[0];
  if (video !== undefined) facts.openGop = await openGop(reader, file, video);
  return facts;
}

function parseMovie(parts: Uint8Array[], name: string): { file: ISOFile; movie: Movie } {
  const joined = new Uint8Array(parts.reduce((total, part) => total + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    joined.set(part, offset);
    offset += part.length;
  }
  const file = createFile();
  let movie: Movie | null = null;
  let problem: string | null = null;
  file.onReady = (info) => {
    movie = info;
  };
  file.onError = (module, message) => {
    problem ??= `${module}: ${message}`;
  };
  // mp4box reports boxes it does not know (QuickTime sound descriptions, vendor boxes) on console.error,
  // which would litter the CLI's stderr. Parsing is synchronous, so capturing the console meanwhile is safe.
  const consoleError = console.error;
  console.error = (...parts: unknown[]) => {
    problem ??= parts.map(String).join(' ');
  };
  try {
    file.appendBuffer(MP4BoxBuffer.fromArrayBuffer(joined.buffer, 0));
    file.flush();
  } catch (error) {
    problem = error instanceof Error ? error.message : String(error);
  } finally {
    console.error = consoleError;
  }
  if (movie === null)
    failInspection(
      'file.corrupt',
      `${name}'s 'moov' box could not be read${problem === null ? '' : ` (${problem})`}: the MP4 is damaged`,
    );
  return { file, movie };
}

/* mp4box's box classes are loosely typed; these are the few fields read here. */
interface SampleEntryLike {
  avcC?: {
    SPS?: { data?: Uint8Array }[];
    AVCProfileIndication?: number;
    profile_compatibility?: number;
    lengthSizeMinusOne?: number;
  };
  hvcC?: {
    general_profile_idc: number;
    chroma_format_idc: number;
    bit_depth_luma_minus8: number;
    general_constraint_indicator?: Uint8Array;
  };
  pasp?: { hSpacing: number; vSpacing: number };
  esds?: { esd?: DescriptorLike };
  /** QuickTime (.mov) sound descriptions keep their esds inside a `wave` box. */
  wave?: { esds?: { esd?: DescriptorLike } };
}
interface DescriptorLike {
  tag: number;
  data?: Uint8Array;
  descs?: DescriptorLike[];
}

interface SampleTableLike {
  stsd?: { entries?: unknown[] };
  stss?: { sample_numbers?: number[] };
}

function sampleTable(file: ISOFile, track: Track): SampleTableLike | undefined {
  const trak = file.getTrackById(track.id) as unknown as { mdia?: { minf?: { stbl?: SampleTableLike } } } | undefined;
  return trak?.mdia?.minf?.stbl;
}

function sampleEntry(file: ISOFile, track: Track): SampleEntryLike | undefined {
  return sampleTable(file, track)?.stsd?.entries?.[0] as SampleEntryLike | undefined;
}

/** H.264 only (null otherwise): whether a keyframe listed in `stss` is not an IDR picture. */
async function openGop(reader: BoundedReader, file: ISOFile, track: Track): Promise<boolean | null> {
  const lengthSizeMinusOne = sampleEntry(file, track)?.avcC?.lengthSizeMinusOne;
  if (lengthSizeMinusOne === undefined) return null;
  // mp4box built the sample table (offsets and sizes from stco/co64 + stsc + stsz) when it parsed moov.
  const samples: readonly SampleLocation[] = file.getTrackSamplesInfo(track.id) ?? [];
  // A fragmented MP4 keeps its samples in moof boxes, which are not read: unknown.
  if (samples.length === 0) return null;
  const syncSamples = syncSampleLocations(sampleTable(file, track)?.stss?.sample_numbers, samples);
  if (syncSamples === 'all') return false;
  return hasOpenGop((position, length) => reader.readAt(position, length), syncSamples, lengthSizeMinusOne + 1);
}

function videoFacts(file: ISOFile, movie: Movie, name: string): VideoFacts {
  const video = movie.videoTracks[0];
  const audio = movie.audioTracks[0];
  if (movie.timescale <= 0)
    failInspection('file.corrupt', `${name}'s movie header has no timescale: the MP4 is damaged`);
  const facts: VideoFacts = {
    brand: movie.brands[0] ?? null,
    durationSec: movie.duration / movie.timescale,
    width: video?.video?.width ?? video?.track_width ?? 0,
    height: video?.video?.height ?? video?.track_height ?? 0,
    fps:
      video !== undefined && video.duration > 0 && video.timescale > 0
        ? round((video.nb_samples * video.timescale) / video.duration, 3)
        : null,
    videoCodec: video?.codec ?? null,
    videoProfile: null,
    pixelFormat: null,
    pixelAspectRatio: null,
    audioCodec: audio?.codec ?? null,
    audioProfile: null,
    audioChannels: audio?.audio?.channel_count ?? null,
    interlaced: null,
    openGop: null,
  };
  // A fragmented MP4 may leave the movie duration 0; the video track's own duration is the next best.
  if (facts.durationSec === 0 && video !== undefined && video.timescale > 0)
    facts.durationSec = video.duration / video.timescale;
  if (video !== undefined) Object.assign(facts, videoEntryFacts(sampleEntry(file, video)));
  if (audio !== undefined) Object.assign(facts, audioEntryFacts(sampleEntry(file, audio), facts.audioChannels));
  return facts;
}

function videoEntryFacts(entry: SampleEntryLike | undefined): Partial<VideoFacts> {
  // ISO 14496-12 §12.1.4: without a `pasp` box, pixels are square.
  const pasp = entry?.pasp;
  const facts: Partial<VideoFacts> = {
    pixelAspectRatio: pasp !== undefined && pasp.vSpacing > 0 ? pasp.hSpacing / pasp.vSpacing : 1,
    interlaced: null,
  };
  const sps = entry?.avcC?.SPS?.[0]?.data;
  if (sps !== undefined) {
    const parsed = parseAvcSps(sps);
    if (parsed !== null) {
      facts.videoProfile = avcProfileName(parsed.profileIdc, parsed.constraintFlags);
      facts.pixelFormat = pixelFormatName(parsed.chromaFormatIdc, parsed.bitDepth);
      facts.interlaced = parsed.frameMbsOnly === null ? null : !parsed.frameMbsOnly;
    }
  } else if (entry?.avcC?.AVCProfileIndication !== undefined) {
    facts.videoProfile = avcProfileName(entry.avcC.AVCProfileIndication, entry.avcC.profile_compatibility ?? 0);
  }
  const hvcC = entry?.hvcC;
  if (hvcC !== undefined) {
    facts.videoProfile = hevcProfileName(hvcC.general_profile_idc);
    facts.pixelFormat = pixelFormatName(hvcC.chroma_format_idc, hvcC.bit_depth_luma_minus8 + 8);
    facts.interlaced = hevcInterlaced(hvcC.general_constraint_indicator);
  }
  return facts;
}

function audioEntryFacts(entry: SampleEntryLike | undefined, entryChannels: number | null): Partial<VideoFacts> {
  const config = findDescriptor((entry?.esds ?? entry?.wave?.esds)?.esd, 0x05)?.data;
  const aac = config === undefined ? null : parseAudioSpecificConfig(config);
  if (aac === null) return {};
  // The sample entry's channel_count is often a fixed 2; the AudioSpecificConfig has the real layout.
  return { audioProfile: aac.profile, audioChannels: aac.channels ?? entryChannels };
}

function findDescriptor(descriptor: DescriptorLike | undefined, tag: number): DescriptorLike | undefined {
  if (descriptor === undefined) return undefined;
  if (descriptor.tag === tag) return descriptor;
  for (const child of descriptor.descs ?? []) {
    const found = findDescriptor(child, tag);
    if (found !== undefined) return found;
  }
  return undefined;
}

function round(value: number, digits: number): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}
