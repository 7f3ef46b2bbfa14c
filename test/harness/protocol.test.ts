import { describe, expect, it } from 'vitest';
import { harnessMediaUrl, rewritePreviewUrls } from '../../main/harness/protocol.ts';
import { confine } from '../../main/static/serve.ts';

describe('harness protocol', () => {
  it('maps the Electron preview scheme onto the harness’s own origin', () => {
    expect(harnessMediaUrl('xfer-media://file_1')).toBe('/xfer-media/file_1');
    expect(harnessMediaUrl('https://example.test/a.png')).toBe('https://example.test/a.png');
  });

  it('rewrites previewUrl fields anywhere in a response and nothing else', () => {
    const value = [{ file: { previewUrl: 'xfer-media://f', name: 'xfer-media://not-a-preview' } }];
    expect(rewritePreviewUrls(value)).toEqual([
      { file: { previewUrl: '/xfer-media/f', name: 'xfer-media://not-a-preview' } },
    ]);
  });

  it('keeps static paths inside the build folder', () => {
    expect(confine('/srv/out', '/assets/app.js')).toBe('/srv/out/assets/app.js');
    expect(confine('/srv/out', '/../secret')).toBeNull();
    expect(confine('/srv/out', '/assets/%2e%2e/%2e%2e/secret')).toBeNull();
    expect(confine('/srv/out', '/assets/..%2f..%2fsecret')).toBeNull();
    expect(confine('/srv/out', '/assets/%E0%A4%A')).toBeNull();
    expect(confine('/srv/out', '/assets/a%00.js')).toBeNull();
    expect(confine('/srv/out', '/..%5c..%5csecret')).toBeNull();
    expect(confine('/srv/out', '/../out-sibling/x')).toBeNull();
  });
});
