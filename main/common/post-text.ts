// X's text weighting and the pay-per-use estimate of posts (reference §7, §8), counted by twitter-text; pure
// (no Node, no DOM), for the renderer and the posts checks. Kept out of posts.ts, whose states and limits the
// ledger and every command import: only what counts a post's text loads twitter-text (and its core-js).
import twitterText from 'twitter-text';
import { POST_PRICES, TEXT_LIMITS, type AccountTier } from './posts.ts';

export interface TextMeasure {
  /** X's weighting: most Latin characters 1, CJK and emoji 2, every URL 23. */
  weighted: number;
  limit: number;
  over: boolean;
  urls: string[];
}

export function measureText(text: string, tier: AccountTier = 'standard'): TextMeasure {
  const limit = TEXT_LIMITS[tier];
  const weighted = text === '' ? 0 : twitterText.parseTweet(text).weightedLength;
  return { weighted, limit, over: weighted > limit, urls: twitterText.extractUrls(text) };
}

export interface CostEstimate {
  usd: number;
  posts: number;
  postsWithUrls: number;
  altTexts: number;
  asOf: string;
}

export function estimateCost(posts: readonly { text: string; altTexts: number }[]): CostEstimate {
  let usd = 0;
  let withUrls = 0;
  let altTexts = 0;
  for (const post of posts) {
    const hasUrl = twitterText.extractUrls(post.text).length > 0;
    if (hasUrl) withUrls += 1;
    altTexts += post.altTexts;
    usd += (hasUrl ? POST_PRICES.postWithUrlUsd : POST_PRICES.postUsd) + post.altTexts * POST_PRICES.altTextUsd;
  }
  return {
    usd: Math.round(usd * 1000) / 1000,
    posts: posts.length,
    postsWithUrls: withUrls,
    altTexts,
    asOf: POST_PRICES.asOf,
  };
}
