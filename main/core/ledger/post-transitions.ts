// Which state changes a post may make (pure; the ledger enforces it in each transition's transaction).
import type { PostState } from '../../common/posts.ts';

const ALLOWED: Readonly<Record<PostState, readonly PostState[]>> = {
  draft: ['ready', 'scheduled', 'cancelled'],
  scheduled: ['ready', 'cancelled', 'failed', 'draft'],
  ready: ['uploading', 'posting', 'scheduled', 'cancelled', 'failed', 'draft'],
  uploading: ['ready', 'posting', 'failed', 'cancelled'],
  // Leaves 'posting' only when the outcome is known: X's id, or a refusal, or "not there" (back to ready).
  posting: ['posted', 'failed', 'ready'],
  posted: [],
  failed: ['ready', 'scheduled', 'cancelled'],
  cancelled: ['ready', 'scheduled'],
};

export function canPostTransition(from: PostState, to: PostState): boolean {
  return ALLOWED[from].includes(to);
}
