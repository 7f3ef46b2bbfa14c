// Reading X's success bodies: ids stay exact strings, fields are checked, not cast.
import { describe, expect, it } from 'vitest';
import { isXferFailure } from '../../../main/common/errors.ts';
import { parseJsonLossless, parseMediaObject } from '../../../main/core/x-api/index.ts';

describe('parseJsonLossless', () => {
  it('keeps integers above 2^53 as their exact digits', () => {
    expect(parseJsonLossless('{"media_id":1880028106020515841,"size":12}')).toEqual({
      media_id: '1880028106020515841',
      size: 12,
    });
  });

  it('returns undefined for a body that is not JSON', () => {
    expect(parseJsonLossless('<html>')).toBeUndefined();
    expect(parseJsonLossless('')).toBeUndefined();
  });
});

describe('parseMediaObject', () => {
  it('v1.1: uses media_id_string', () => {
    const body =
      '{"media_id":1880028106020515841,"media_id_string":"1880028106020515841","size":10,"expires_after_secs":86400}';
    expect(parseMediaObject(body, 'v1.1', 'FINALIZE')).toEqual({
      mediaId: '1880028106020515841',
      size: 10,
      expiresAfterSecs: 86400,
    });
  });

  it('v1.1: a lone numeric media_id above 2^53 still comes out exact', () => {
    expect(parseMediaObject('{"media_id":1880028106020515841}', 'v1.1', 'STATUS').mediaId).toBe('1880028106020515841');
  });

  it('v2: reads data with processing_info', () => {
    const body = JSON.stringify({
      data: {
        id: '1880028106020515841',
        media_key: '13_1880028106020515841',
        processing_info: {
          state: 'failed',
          error: { code: 1, name: 'InvalidMedia', message: 'Unsupported video format' },
        },
      },
    });
    expect(parseMediaObject(body, 'v2', 'STATUS')).toEqual({
      mediaId: '1880028106020515841',
      mediaKey: '13_1880028106020515841',
      processingInfo: {
        state: 'failed',
        error: { code: 1, name: 'InvalidMedia', message: 'Unsupported video format' },
      },
    });
  });

  it('ignores a processing state it does not know', () => {
    const body = JSON.stringify({ data: { id: '5', processing_info: { state: 'exploded' } } });
    expect(parseMediaObject(body, 'v2', 'STATUS')).toEqual({ mediaId: '5' });
  });

  it('a body without a media id is a retryable server error', () => {
    try {
      parseMediaObject('{"data":{}}', 'v2', 'FINALIZE');
      expect.unreachable();
    } catch (thrown) {
      expect(isXferFailure(thrown) && thrown.error).toMatchObject({ kind: 'server', retryable: true });
    }
  });
});
