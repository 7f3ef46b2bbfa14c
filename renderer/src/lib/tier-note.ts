// Whether the account's other tier would change a file's verdict (Premium's limits are wider for video): said on
// the Prepare card and in a session's detail, where the tier can be changed.
import type { Inspection, MediaCategory, Tier } from '../../../main/common/media-types.ts';
import { validate } from '../../../main/core/media/validate.ts';

export interface TierNote {
  /** "With X Premium this file would pass as it is." */
  sentence: string;
  /** The other tier takes the file this one refuses. */
  wouldPass: boolean;
}

/** What the other tier would do with this file; null when it would decide the same as `tier` (`passes`). */
export function otherTierNote(
  inspection: Inspection,
  category: MediaCategory,
  tier: Tier,
  passes: boolean,
): TierNote | null {
  const other: Tier = tier === 'premium' ? 'standard' : 'premium';
  const wouldPass = validate(inspection, { category, tier: other }).ok;
  if (wouldPass === passes) return null;
  const account = other === 'premium' ? 'X Premium' : 'a standard account';
  return { sentence: `With ${account} this file would ${wouldPass ? 'pass as it is' : 'be refused'}.`, wouldPass };
}
