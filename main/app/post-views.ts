// Posts as the renderer sees them: ids, text, states, the media's upload progress and the post's link. No path
// beyond a file name, no secret.
import { postUrl } from '../common/posts.ts';
import type { Account } from '../common/account.ts';
import type { Ledger } from '../core/ledger/ledger.ts';
import type { Post } from '../core/ledger/post-types.ts';
import type { PostMediaView, PostView } from '../ipc/contract.ts';

export function postView(ledger: Ledger, post: Post, accounts: readonly Account[] = ledger.listAccounts()): PostView {
  const account = accounts.find((candidate) => candidate.id === post.accountId) ?? null;
  const { mediaSessionIds, ...rest } = post;
  const media: PostMediaView[] = mediaSessionIds.flatMap((sessionId) => {
    const session = ledger.getSession(sessionId);
    if (!session) return [];
    return [
      {
        sessionId,
        fileName: session.file.split(/[\\/]/).at(-1) ?? session.file,
        state: session.state,
        bytesAcked: session.bytesAcked,
        totalBytes: session.totalBytes,
        processingPercent: session.processingPercent,
        altText: session.altText,
      },
    ];
  });
  return {
    ...rest,
    accountName: account?.name ?? null,
    screenName: account?.screenName ?? null,
    media,
    url: post.postId ? postUrl(post.postId, account?.screenName) : null,
  };
}
