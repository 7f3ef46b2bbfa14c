// The posts channels over PostsService, and the posts' events pushed into the IPC hub (a notification when a
// post goes out or fails). Payloads were parsed by the contract's schemas; file ids become paths here only.
import type { Handlers } from '../ipc/contract.ts';
import type { EventHub } from '../ipc/events.ts';
import type { HandlerPorts } from './ports.ts';
import { postView } from './post-views.ts';
import type { Services } from './services.ts';

type PostHandlers = Pick<Handlers, Extract<keyof Handlers, `posts:${string}`>>;

/** The posts channels, and `dispose`, which ends the forwarding of the posts' events into the hub. */
export function createPostHandlers(
  services: Services,
  ports: HandlerPorts,
  hub: EventHub,
): { handlers: PostHandlers; dispose(): void } {
  const { ledger, posts, files } = services;
  const view = (id: string) => postView(ledger, ledger.posts.require(id));
  const stopPosts = services.postEvents.subscribe({
    onPostChanged(id) {
      const post = ledger.posts.get(id);
      if (post) hub.emit('postChanged', postView(ledger, post));
      else hub.emit('postRemoved', { id });
    },
    onPostFinished(post) {
      const account = post.accountId ? ledger.getAccount(post.accountId) : null;
      const who = account ? (account.screenName ? `@${account.screenName}` : account.name) : 'Xfer';
      const text = post.text.length > 60 ? `${post.text.slice(0, 59)}…` : post.text;
      const target = { screen: 'posts' as const, id: post.id };
      if (post.state === 'posted') ports.notify(`Posted as ${who}`, text, target);
      else ports.notify(`Post failed (${who})`, post.error?.message ?? text, target);
    },
  });
  // Media progress belongs to the post too: a session change re-sends the posts that use it.
  const stopSessions = services.events.subscribe({
    onSessionChanged(sessionId) {
      for (const post of ledger.posts.usingSession(sessionId)) hub.emit('postChanged', postView(ledger, post));
    },
  });
  const dispose = () => {
    stopPosts();
    stopSessions();
  };

  const handlers: PostHandlers = {
    'posts:list': async (request) => {
      const accounts = ledger.listAccounts();
      return posts
        .list({
          ...(request?.state && { state: request.state }),
          ...(request?.accountId && { accountId: request.accountId }),
        })
        .map((post) => postView(ledger, post, accounts));
    },
    'posts:compose': async ({ accountId, posts: entries, replyTo, scheduledAt }) => {
      const result = await posts.compose({
        accountId,
        replyTo,
        scheduledAt,
        posts: entries.map((entry) => ({
          text: entry.text,
          media: entry.media.map((media) =>
            'fileId' in media
              ? { path: files.path(media.fileId), altText: media.altText ?? null }
              : { sessionId: media.sessionId },
          ),
        })),
      });
      return { posts: result.posts.map((post) => postView(ledger, post)), checks: result.checks };
    },
    'posts:cancel': async ({ id }) => postView(ledger, posts.cancel(id)),
    'posts:retry': async ({ id }) => postView(ledger, posts.retry(id)),
    'posts:sendNow': async ({ id }) => postView(ledger, posts.sendNow(id)),
    'posts:reschedule': async ({ id, scheduledAt }) => postView(ledger, posts.reschedule(id, scheduledAt)),
    'posts:forget': async ({ id }) => {
      posts.forget(id);
      return { forgotten: true as const };
    },
    'posts:open': async ({ id }) => {
      const { url } = view(id);
      if (url) await ports.openExternal(url);
      return { opened: true as const };
    },
  };
  return { handlers, dispose };
}
