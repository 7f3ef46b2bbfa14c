// The shared post vocabulary: X's weighting, the media mix rule, and the dated cost estimate.
import { describe, expect, it } from 'vitest';
import { estimateCost, measureText } from '../../main/common/post-text.ts';
import { mediaMixProblem, postUrl } from '../../main/common/posts.ts';

describe('measureText', () => {
  it('counts a URL as 23 and CJK as 2, against 280 or 25,000', () => {
    expect(measureText('see https://example.com/a/very/long/path/that/is/long').weighted).toBe(4 + 23);
    expect(measureText('日本').weighted).toBe(4);
    expect(measureText('a'.repeat(281))).toMatchObject({ weighted: 281, limit: 280, over: true });
    expect(measureText('a'.repeat(281), 'premium')).toMatchObject({ limit: 25_000, over: false });
    expect(measureText('').weighted).toBe(0);
  });
});

describe('mediaMixProblem', () => {
  it('allows up to 4 images, or one video, or one GIF', () => {
    expect(mediaMixProblem(['image', 'image', 'image', 'image'])).toBeNull();
    expect(mediaMixProblem(['video'])).toBeNull();
    expect(mediaMixProblem(['image', 'image', 'image', 'image', 'image'])).toMatch(/at most 4 images; this one has 5/);
    expect(mediaMixProblem(['image', 'video'])).toMatch(/image \+ video\) cannot go together/);
    expect(mediaMixProblem(['gif', 'gif'])).toMatch(/cannot go together/);
  });
});

describe('estimateCost', () => {
  it("uses X's 2026-08 prices: $0.015 a post, $0.20 with a URL, $0.005 an alt text", () => {
    expect(
      estimateCost([
        { text: 'hi', altTexts: 2 },
        { text: 'see x.com', altTexts: 0 },
      ]),
    ).toEqual({
      usd: 0.225,
      posts: 2,
      postsWithUrls: 1,
      altTexts: 2,
      asOf: '2026-08',
    });
  });
});

it('postUrl links to the post on x.com', () => {
  expect(postUrl('123', 'alice')).toBe('https://x.com/alice/status/123');
  expect(postUrl('123')).toBe('https://x.com/i/status/123');
});
