// The media objects each dialect answers with (reference §1 tables). v1.1's `media_id` is a JSON
// number written with exact digits: JavaScript numbers cannot hold it, and X sends it that way.
import { exactNumber } from './ids.ts';
import type { MediaRecord } from './media-record.ts';
import { finalizeProcessingInfo, processingInfoAt, type ProcessingInfo } from './processing.ts';

export type MediaStep = 'init' | 'finalize' | 'status';

function expiresAfterSecs(record: MediaRecord, now: number): number {
  // Rounded up: a media id with 0.4 s left still has "1 second", and a fresh one its full value.
  return Math.max(0, Math.ceil((record.expiresAt - now) / 1000));
}

function processingInfoFor(record: MediaRecord, step: MediaStep, now: number): ProcessingInfo | undefined {
  if (step === 'init') return undefined;
  if (!record.processing) return step === 'status' ? { state: 'succeeded', progress_percent: 100 } : undefined;
  const info = processingInfoAt(record.processing, now);
  // FINALIZE reports a run that has not finished as pending; STATUS shows its progress.
  return step === 'finalize' && info.state === 'in_progress' ? finalizeProcessingInfo(record.processing, now) : info;
}

function typeDetails(record: MediaRecord, step: MediaStep, info: ProcessingInfo | undefined): Record<string, unknown> {
  if (step === 'init') return {};
  if (record.mediaType.startsWith('image/')) return { image: { image_type: record.mediaType } };
  if (record.mediaType.startsWith('video/') && info?.state === 'succeeded') {
    return { video: { video_type: record.mediaType } };
  }
  return {};
}

export function v1MediaObject(record: MediaRecord, step: MediaStep, now: number): Record<string, unknown> {
  const info = processingInfoFor(record, step, now);
  return {
    media_id: exactNumber(record.id),
    media_id_string: record.id,
    media_key: record.mediaKey,
    ...(step === 'init' ? {} : { size: record.totalBytes }),
    expires_after_secs: expiresAfterSecs(record, now),
    ...typeDetails(record, step, info),
    ...(info ? { processing_info: info } : {}),
  };
}

export function v2MediaData(record: MediaRecord, step: MediaStep, now: number): { data: Record<string, unknown> } {
  const info = processingInfoFor(record, step, now);
  return {
    data: {
      id: record.id,
      media_key: record.mediaKey,
      ...(step === 'finalize' ? { size: record.totalBytes } : {}),
      expires_after_secs: expiresAfterSecs(record, now),
      ...(info ? { processing_info: info } : {}),
    },
  };
}
