import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import {
  CATEGORY_RULES,
  GB,
  MB,
  categoryForKind,
  defaultCategoryFor,
  rulesFor,
} from '../../../main/core/media/rules.ts';
import { MEDIA_CATEGORIES } from '../../../main/common/media-types.ts';

const MEDIA_DIR = new URL('../../../main/core/media/', import.meta.url);

/** Every module reachable from `file` through relative imports. */
async function importGraph(file: string, seen = new Set<string>()): Promise<Set<string>> {
  if (seen.has(file)) return seen;
  seen.add(file);
  const source = await readFile(new URL(file, MEDIA_DIR), 'utf8');
  for (const match of source.matchAll(/^(?:import|export)[^'"]*from\s+'([^']+)'/gm)) {
    const target = match[1]!;
    if (target.startsWith('./')) await importGraph(target.slice(2), seen);
    else seen.add(target);
  }
  return seen;
}

describe('category rules', () => {
  it('has a table for every media category', () => {
    expect(Object.keys(CATEGORY_RULES).sort()).toEqual([...MEDIA_CATEGORIES].sort());
  });

  it('cites a section of the reference in every rule', () => {
    const sources: string[] = [];
    const collect = (value: unknown): void => {
      if (value === null || typeof value !== 'object') return;
      if ('source' in value && 'value' in value) sources.push(String((value as { source: unknown }).source));
      for (const child of Object.values(value)) collect(child);
    };
    collect(CATEGORY_RULES);
    expect(sources.length).toBeGreaterThan(60);
    for (const source of sources) expect(source).toMatch(/^x-media-upload\.md §3 /);
  });

  it('uses binary megabytes and gigabytes', () => {
    expect(MB).toBe(1_048_576);
    expect(GB).toBe(1_073_741_824);
    expect(rulesFor('tweet_image').maxBytes.value.standard).toBe(5_242_880);
    expect(rulesFor('tweet_video').maxBytes.value).toEqual({ standard: 8 * GB, premium: 16 * GB });
    expect(rulesFor('dm_video').maxBytes.value).toEqual({ standard: 512 * MB, premium: GB });
  });

  it('gives video duration limits per tier', () => {
    expect(rulesFor('tweet_video').video?.durationSec.value).toEqual({
      standard: { min: 0.5, max: 1200 },
      premium: { min: 0.5, max: 7500 },
    });
    expect(rulesFor('dm_video').video?.durationSec.value).toEqual({
      standard: { min: 0.5, max: 140 },
      premium: { min: 0.5, max: 600 },
    });
  });

  it('stays importable in a browser: no node: module anywhere in its import graph', async () => {
    for (const entry of ['rules.ts', 'validate.ts']) {
      const graph = await importGraph(entry);
      const outside = [...graph].filter((module) => !module.endsWith('.ts') || module.includes(':'));
      expect(outside, `${entry} imports ${outside.join(', ')}`).toEqual([]);
    }
  });
});

describe('defaultCategoryFor', () => {
  it.each([
    ['image/png', false, 'tweet_image'],
    ['image/jpeg', false, 'tweet_image'],
    ['image/webp', false, 'tweet_image'],
    ['image/gif', false, 'tweet_image'],
    ['image/gif', true, 'tweet_gif'],
    ['video/mp4', false, 'tweet_video'],
    ['video/quicktime', false, 'tweet_video'],
    ['text/srt', false, 'subtitles'],
    ['text/vtt', false, 'subtitles'],
    ['application/pdf', false, null],
    [null, false, null],
  ] as const)('%s (animated %s) → %s', (type, animated, category) => {
    expect(defaultCategoryFor(type, animated)).toBe(category);
  });
});

describe('categoryForKind', () => {
  it('keeps the audience: a DM stays a DM', () => {
    expect(categoryForKind('gif', true, 'dm')).toBe('dm_gif');
    expect(categoryForKind('video', false, 'dm')).toBe('dm_video');
    expect(categoryForKind('video', false, 'tweet')).toBe('tweet_video');
    expect(categoryForKind('unknown', false, 'tweet')).toBeNull();
  });
});
