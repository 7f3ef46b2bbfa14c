// The IPC contract's handlers over the services. Every payload was already parsed by the
// contract's schema (main/ipc/handle.ts); expected failures are thrown as XferFailure and reach
// the renderer as {ok:false}. Nothing here returns a secret: views are public facts only.
import { readFileSync } from 'node:fs';
import { MEDIA_ID_WORDS, mediaIdUse } from '../common/media-id.ts';
import { describeTool, HOW_TO_GET_FFMPEG } from '../core/convert/ffmpeg-tool.ts';
import { fail, isXferFailure } from '../common/errors.ts';
import { EXTERNAL_LINKS } from '../common/links.ts';
import { IN_FLIGHT_STATES } from '../common/session-states.ts';
import type { Handlers } from '../ipc/contract.ts';
import type { EventHub } from '../ipc/events.ts';
import { editAccount } from './account-edits.ts';
import { forwardServiceEvents } from './forward-events.ts';
import { copyUsesOf, sweepSoon, sweepWhenSessionsEnd } from './copy-folder.ts';
import { createFileHandlers } from './file-handlers.ts';
import { PastedImages } from './pasted.ts';
import { createPostHandlers } from './post-handlers.ts';
import { createPreferenceHandlers } from './preference-handlers.ts';
import { vetAuthorizeUrl, vetOAuth2AuthorizeUrl } from './pin-url.ts';
import type { HandlerPorts } from './ports.ts';
import type { Services } from './services.ts';
import { sessionView, sessionViews } from './session-views.ts';

export type { HandlerPorts };

const VERSION = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

/** The handlers, and what a composition root calls where it tears them down. */
export interface AppHandlers {
  handlers: Handlers;
  /** Ends every subscription the handlers made on the services (their events stop reaching the hub). */
  dispose(): void;
}

export function createHandlers(services: Services, ports: HandlerPorts, hub: EventHub): AppHandlers {
  const { ledger, accounts, engine, files, sandbox } = services;
  const stopForwarding = forwardServiceEvents(services, hub, (title, body, target) =>
    ports.notify(title, body, target),
  );
  const postHandlers = createPostHandlers(services, ports, hub);
  // The desktop's pasted images (pasted/) go as web mode's staged copies do: swept as sessions end.
  // A folder that cannot be opened fails the paste that needs it (and each sweep says so on stderr).
  const pasted = PastedImages.open(services.dataDir, copyUsesOf(ledger));
  pasted.catch(() => {});
  const sweepPasted = () => pasted.then((images) => images.sweep());
  const stopSweeping = sweepWhenSessionsEnd(hub, sweepPasted, 'pasted images');
  const dispose = () => {
    stopForwarding();
    postHandlers.dispose();
    stopSweeping();
  };

  const view = (id: string) => {
    const session = ledger.requireSession(id);
    const account = session.accountId ? ledger.getAccount(session.accountId) : null;
    return sessionView(session, account?.name ?? null);
  };
  /** Opens a sign-in's vetted authorize page in the browser; a page that cannot be opened ends the sign-in. */
  const openSignIn = async <S extends { authorizeUrl: string; signInId: string }>(
    started: S,
    apiBase: string | undefined,
  ): Promise<S> => {
    try {
      await ports.openExternal(vetOAuth2AuthorizeUrl(started.authorizeUrl, apiBase));
    } catch (thrown) {
      accounts.cancelOAuth2SignIn(started.signInId);
      throw thrown;
    }
    return started;
  };
  const changed = (id: string) => {
    const current = view(id);
    hub.emit('sessionChanged', current);
    return current;
  };

  const handlers: Handlers = {
    ...postHandlers.handlers,
    ...createPreferenceHandlers(services),
    'app:info': async () => {
      // A query: it reports the sandbox (once a start under way has ended), it does not start it; the
      // composition root does (startSandbox), or its first use.
      await sandbox.whenSettled();
      return {
        version: VERSION,
        platform: process.platform,
        dataDir: services.dataDir,
        sandboxUrl: sandbox.url(),
        sandboxProblem: sandbox.problem(),
        keychain: await services.keychain(),
      };
    },
    'queue:status': async () => engine.status(),
    'app:firstRun': async () => ({ show: !services.preferences.get('firstRunSeen') }),
    'app:dismissFirstRun': async () => {
      services.preferences.set('firstRunSeen', true);
      return { dismissed: true as const };
    },
    'app:openLink': async ({ link }) => {
      await ports.openExternal(EXTERNAL_LINKS[link]);
      return { opened: true as const };
    },
    'queue:tryAgainNow': async () => engine.tryAgainNow(),
    'queue:setWorkOffline': async ({ workOffline }) => {
      services.preferences.set('workOffline', workOffline);
      return engine.setWorkOffline(workOffline);
    },

    ...createFileHandlers(services, ports, pasted),

    'sessions:list': async (request) => {
      const sessions = ledger.listSessions({
        ...(request?.state && { state: request.state }),
        ...(request?.accountId && { accountId: request.accountId }),
      });
      return sessionViews(sessions, ledger.listAccounts());
    },
    'sessions:prepare': async ({ items }) => {
      const prepared = await services.prepare(
        items.map((item) => ({
          path: files.path(item.fileId),
          accountId: item.accountId,
          category: item.category,
          owners: item.owners,
          altText: item.altText,
        })),
      );
      const views = sessionViews(prepared, ledger.listAccounts());
      for (const current of views) hub.emit('sessionChanged', current);
      sweepSoon(sweepPasted, 'pasted images');
      return views;
    },
    'sessions:send': async ({ ids }) => {
      const result = engine.send(ids);
      const [first] = result.refused;
      if (result.queued === 0 && first) {
        const more = result.refused.length > 1 ? ` (and ${result.refused.length - 1} more refused)` : '';
        fail(first.error.kind, `${first.error.message}${more}`);
      }
      return { queued: result.queued };
    },
    'sessions:cancel': async ({ id }) => {
      await engine.cancel(id);
      return changed(id);
    },
    'sessions:pause': async ({ id }) => {
      // The engine refuses once X has the whole file (finalizing, processing); otherwise the session
      // goes back to ready with its media id and acked segments, and the next send resumes it.
      await engine.pause(id);
      return changed(id);
    },
    'sessions:retry': async ({ id }) => {
      const result = engine.retry(id);
      const [refused] = result.refused;
      if (refused) fail(refused.error.kind, refused.error.message);
      return view(id);
    },
    'sessions:forget': async ({ id }) => {
      ledger.requireSession(id);
      await engine.forget(id);
      hub.emit('sessionRemoved', { id });
      return { forgotten: true as const };
    },
    'sessions:reassign': async ({ id, accountId }) => {
      const session = ledger.requireSession(id);
      const account = accounts.get(accountId);
      if (IN_FLIGHT_STATES.includes(session.state)) {
        fail('bad_request', `This session is ${session.state}; cancel it before moving it to another account`);
      }
      if (session.accountId !== account.id) {
        // The media id belongs to the old user: the new one starts with a fresh INIT.
        ledger.resetUpload(id, { api: account.api });
        ledger.reassignSession(id, account.id);
      }
      return changed(id);
    },
    'sessions:history': async ({ id }) => {
      ledger.requireSession(id);
      return ledger.requests.list(id);
    },
    'sessions:copyMediaId': async ({ id }) => {
      const session = ledger.requireSession(id);
      const { mediaId } = session;
      const use = mediaIdUse(session, Date.now());
      if (mediaId === null || use === 'none') fail('not_found', 'This session has no media id yet');
      if (use === 'expired') fail('not_found_or_expired', MEDIA_ID_WORDS.expired);
      if (use !== 'usable') fail('bad_request', MEDIA_ID_WORDS[use]);
      await ports.writeClipboard(mediaId);
      return { mediaId };
    },

    'sessions:update': async ({ id, category, altText, owners }) => {
      await services.fitting.recheck(id, { category, altText, owners });
      return view(id);
    },
    'sessions:fitPlan': async ({ id }) => {
      const tool = await services.fitting.tool().then(describeTool, (thrown: unknown) => {
        if (isXferFailure(thrown) && thrown.error.kind === 'environment') return null;
        throw thrown;
      });
      if (tool === null) {
        // Without ffmpeg the plan is still worth showing: it says what a conversion would change.
        const outcome = await services.fitting.plan(id).catch((thrown: unknown) => {
          if (isXferFailure(thrown))
            return { kind: 'cannot' as const, reasons: [thrown.error.message], message: thrown.error.message };
          throw thrown;
        });
        return { outcome, tool: null, howToGetFfmpeg: HOW_TO_GET_FFMPEG };
      }
      return { outcome: await services.fitting.plan(id), tool, howToGetFfmpeg: null };
    },
    'sessions:fit': async ({ id, confirmed }) => {
      await services.fitting.fit(id, { confirmed });
      return view(id);
    },
    'sessions:cancelFit': async ({ id }) => ({ cancelled: services.fitting.cancel(id) }),

    'accounts:list': async () => accounts.list(),
    'accounts:addWithTokens': async (request) => accounts.addWithTokens(request),
    'accounts:startPinLogin': async (request) => {
      const started = await accounts.startPinLogin(request);
      await ports.openExternal(vetAuthorizeUrl(started.authorizeUrl, request.apiBase));
      return started;
    },
    'accounts:finishPinLogin': async ({ loginId, pin }) => accounts.finishPinLogin(loginId, pin),
    'accounts:startOAuth2SignIn': async (request) =>
      openSignIn(await accounts.startOAuth2SignIn(request), request.apiBase),
    'accounts:startOAuth2SignInAgain': async ({ id, redirectUri }) => {
      const account = accounts.get(id);
      const started = await accounts.startOAuth2SignInAgain({ accountId: id, ...(redirectUri && { redirectUri }) });
      return openSignIn(started, account.apiBase);
    },
    'accounts:finishOAuth2SignIn': async ({ signInId }) => accounts.finishOAuth2SignIn(signInId),
    'accounts:pasteOAuth2Redirect': async ({ signInId, url }) => {
      accounts.pasteOAuth2Redirect(signInId, url);
      return { accepted: true as const };
    },
    'accounts:cancelOAuth2SignIn': async ({ signInId }) => {
      accounts.cancelOAuth2SignIn(signInId);
      return { cancelled: true as const };
    },
    'accounts:verify': async ({ id }) => accounts.verify(id),
    'accounts:setTier': async ({ id, tier }) => editAccount(services, id, { tier }),
    'accounts:edit': async ({ id, name, tier }) => editAccount(services, id, { name, tier }),
    'accounts:addSandboxUser': async () => {
      if ((await sandbox.ensure()) === null) fail('environment', 'The sandbox is turned off in this Xfer');
      return accounts.addSandboxUser();
    },
    'accounts:remove': async ({ id }) => {
      await accounts.remove(id);
      return { removed: true as const };
    },
  };
  return { handlers, dispose };
}
