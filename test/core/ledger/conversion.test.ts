// A session made from a conversion keeps "converted from …" and the settings across a reopen.
import { describe, expect, it } from 'vitest';
import type { ConversionRecord } from '../../../main/common/conversion.ts';
import { Ledger } from '../../../main/core/ledger/ledger.ts';
import { newSession } from '../../fakes/session-builder.ts';

const RECORD: ConversionRecord = {
  from: '/media/phone-1080p.mp4',
  fromSha256: 'ab'.repeat(32),
  plan: {
    category: 'tweet_video',
    tier: 'standard',
    steps: {
      kind: 'video',
      video: { scale: { width: 1280, height: 720 }, fps: null, deinterlace: false, maxBitrate: null },
      audio: 'copy',
      trimSec: null,
    },
    extension: 'mp4',
    mediaType: 'video/mp4',
    changes: ['Scaled 1920×1080 → 1280×720 (aspect kept)'],
    cures: ['video.dimensions.too_large'],
    needsConfirmation: null,
    remaining: [],
  },
  tool: 'system ffmpeg 5.1 at /usr/bin/ffmpeg',
  args: ['-i', '/media/phone-1080p.mp4', '/data/converted/phone-1080p-fit.mp4'],
  at: 1_700_000_000_000,
};

describe('ledger: conversion', () => {
  it('stores a session without a conversion as null', () => {
    const ledger = Ledger.openInMemory();
    expect(ledger.insertSession(newSession()).conversion).toBeNull();
    ledger.close();
  });

  it('keeps the conversion record of a fitted file, and a patch can set it later', () => {
    const ledger = Ledger.openInMemory();
    const made = ledger.insertSession(newSession({ conversion: RECORD }));
    expect(ledger.requireSession(made.id).conversion).toEqual(RECORD);
    const plain = ledger.insertSession(newSession({ state: 'draft' }));
    ledger.updateSession(plain.id, { conversion: RECORD, file: '/data/converted/phone-1080p-fit.mp4' });
    expect(ledger.requireSession(plain.id)).toMatchObject({
      conversion: RECORD,
      file: '/data/converted/phone-1080p-fit.mp4',
    });
    ledger.close();
  });
});
