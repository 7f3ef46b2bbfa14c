// An in-memory app behind the IPC contract, for renderer tests (jsdom: no files, no SQLite).
// Validation is the real, pure `validate` over inspection facts the test supplies, so what the
// renderer shows is what main would say. The e2e tests use the real handlers instead.
import type { RequestRecord } from '../../main/common/request-history.ts';
import type { AccountView, FileView, Handlers, SessionView } from '../../main/ipc/contract.ts';
import { CHANNEL_NAMES, EVENT_NAMES } from '../../main/ipc/contract.ts';
import { createBridge } from '../../main/ipc/bridge.ts';
import { createDispatcher } from '../../main/ipc/handle.ts';
import { EventHub } from '../../main/ipc/events.ts';
import { fail } from '../../main/common/errors.ts';
import { PAUSED_NOTICE } from '../../main/common/notices.ts';
import { categoryForKind } from '../../main/core/media/rules.ts';
import type { Inspection } from '../../main/common/media-types.ts';
import { validate } from '../../main/core/media/validate.ts';
import { wrapPreferenceStore, type Preferences } from '../../main/app/preferences.ts';
import type { QueueStatus } from '../../main/common/progress.ts';

export function fakeAccount(overrides: Partial<AccountView> = {}): AccountView {
  return {
    id: 'acct-sandbox',
    name: 'sandbox',
    kind: 'sandbox',
    userId: '1880000000000000001',
    screenName: 'xfer_demo',
    api: 'v2',
    apiBase: 'http://127.0.0.1:1',
    uploadBase: 'http://127.0.0.1:1',
    tier: 'standard',
    verifiedAt: 1_700_000_000_000,
    createdAt: 1_700_000_000_000,
    ...overrides,
  };
}

export function fakeInspection(overrides: Partial<Inspection> = {}): Inspection {
  return {
    path: '/fake/photo.png',
    name: 'photo.png',
    totalBytes: 200_000,
    mediaType: 'image/png',
    extensionType: 'image/png',
    kind: 'image',
    image: { format: 'png', width: 800, height: 600 },
    mtimeMs: 1,
    ...overrides,
  };
}

export function fakeSession(overrides: Partial<SessionView> = {}): SessionView {
  return {
    id: 'session-1',
    state: 'ready',
    accountId: 'acct-sandbox',
    accountName: 'sandbox',
    api: 'v2',
    totalBytes: 1_000_000,
    mediaType: 'video/mp4',
    mediaCategory: 'tweet_video',
    additionalOwners: [],
    altText: null,
    validation: null,
    mediaId: null,
    expiresAt: null,
    chunkSize: 1_048_576,
    segmentsTotal: 1,
    segmentsAcked: 0,
    bytesAcked: 0,
    attempts: 0,
    processingPercent: null,
    error: null,
    notice: null,
    conversion: null,
    createdAt: 1_700_000_000_000,
    updatedAt: 1_700_000_000_000,
    fileName: 'clip.mp4',
    filePath: '/fake/clip.mp4',
    previewUrl: null,
    ...overrides,
  };
}

export interface FakeApp {
  handlers: Handlers;
  hub: EventHub;
  accounts: AccountView[];
  sessions: SessionView[];
  /** Paths the next files:pick answers with are file ids registered here. */
  addFile(inspection: Inspection): FileView;
  queuePick(fileIds: string[]): void;
  calls: { channel: string; request: unknown }[];
  status: QueueStatus;
  /** Seen by default, so screens' tests start without the first-run explanation. */
  firstRunSeen: boolean;
  /** The outside pages the page asked main to open, by name. */
  openedLinks: string[];
  /** The real preferences rules over an in-memory store. */
  preferences: Preferences;
  /** What sessions:history answers, per session id. */
  history: Map<string, RequestRecord[]>;
  /** What app:info says about the keychain (a test breaks it to see the Add account form's warning). */
  keychain: { ok: boolean; message: string | null };
}

export function createFakeApp(): FakeApp {
  const hub = new EventHub();
  const files = new Map<string, { view: FileView; inspection: Inspection }>();
  const picks: string[][] = [];
  const calls: { channel: string; request: unknown }[] = [];
  let nextSession = 1;
  const app: FakeApp = {
    hub,
    calls,
    accounts: [fakeAccount()],
    sessions: [],
    status: { online: true, workOffline: false, waitingForConnection: 0, queued: 0, active: 0, paused: [] },
    firstRunSeen: true,
    openedLinks: [],
    preferences: wrapPreferenceStore(new Map<string, unknown>()),
    history: new Map(),
    keychain: { ok: true, message: null },
    addFile(inspection) {
      const view: FileView = {
        fileId: `file-${files.size + 1}`,
        name: inspection.name,
        size: inspection.totalBytes,
        previewUrl: null,
        previewKind:
          inspection.kind === 'image' || inspection.kind === 'gif' || inspection.kind === 'video'
            ? inspection.kind
            : null,
      };
      files.set(view.fileId, { view, inspection });
      return view;
    },
    queuePick(fileIds) {
      picks.push(fileIds);
    },
    handlers: undefined as unknown as Handlers,
  };

  const file = (fileId: string) => files.get(fileId) ?? fail('not_found', `No file ${fileId}`);
  const account = (id: string) =>
    app.accounts.find((candidate) => candidate.id === id) ?? fail('not_found', `No account ${id}`);
  const session = (id: string) =>
    app.sessions.find((candidate) => candidate.id === id) ?? fail('not_found', `No session ${id}`);
  const check = (fileId: string, category?: string, accountId?: string) => {
    const { view, inspection } = file(fileId);
    const animated = inspection.gif?.animated ?? false;
    const chosen = (category ?? categoryForKind(inspection.kind, animated, 'tweet') ?? 'tweet_image') as never;
    const tier = accountId ? account(accountId).tier : 'standard';
    return { file: view, validation: validate(inspection, { category: chosen, tier }) };
  };
  const change = (updated: SessionView) => {
    app.sessions = app.sessions.map((candidate) => (candidate.id === updated.id ? updated : candidate));
    hub.emit('sessionChanged', updated);
    return updated;
  };

  const preferencesView = () => ({
    values: app.preferences.all(),
    dataDir: '/home/test/.config/xfer',
    ffmpeg: 'system ffmpeg 5.1.9 at /usr/bin/ffmpeg',
  });

  const handlers: Handlers = {
    'app:info': async () => ({
      version: '0.0.0',
      platform: 'test',
      dataDir: '/fake',
      sandboxUrl: null,
      sandboxProblem: null,
      keychain: app.keychain,
    }),
    'queue:status': async () => app.status,
    'app:firstRun': async () => ({ show: !app.firstRunSeen }),
    'app:dismissFirstRun': async () => {
      app.firstRunSeen = true;
      return { dismissed: true as const };
    },
    'app:openLink': async ({ link }) => {
      app.openedLinks.push(link);
      return { opened: true as const };
    },
    'queue:tryAgainNow': async () => app.status,
    'queue:setWorkOffline': async ({ workOffline }) => {
      app.status = { ...app.status, workOffline };
      hub.emit('status', app.status);
      return app.status;
    },
    'files:pick': async () => (picks.shift() ?? []).map((fileId) => file(fileId).view),
    'files:addDropped': async () => fail('not_found', 'Dropped files have no path in tests'),
    'files:addStaged': async () => fail('not_found', 'Nothing is staged in tests'),
    'files:addPasted': async () => fail('not_found', 'Nothing is pasted in tests'),
    'files:check': async ({ fileId, category, accountId }) => check(fileId, category, accountId),
    'sessions:list': async (filter) =>
      app.sessions.filter(
        (candidate) =>
          (!filter?.state || candidate.state === filter.state) &&
          (!filter?.accountId || candidate.accountId === filter.accountId),
      ),
    'sessions:prepare': async ({ items }) => {
      const made = items.map((item) => {
        const { validation, file: view } = check(item.fileId, item.category, item.accountId);
        const created = fakeSession({
          id: `session-${nextSession++}`,
          state: validation.ok ? 'ready' : 'draft',
          accountId: item.accountId,
          accountName: account(item.accountId).name,
          mediaCategory: item.category,
          additionalOwners: item.owners,
          altText: item.altText ?? null,
          validation,
          fileName: view.name,
          totalBytes: view.size,
          createdAt: Date.now() + nextSession,
        });
        app.sessions.push(created);
        return created;
      });
      return made;
    },
    'sessions:send': async ({ ids }) => ({ queued: ids.length }),
    'sessions:cancel': async ({ id }) => change({ ...session(id), state: 'cancelled' }),
    'sessions:pause': async ({ id }) => {
      const current = session(id);
      // As the engine: refused once X has the whole file; uploading (or queued) goes back to ready, marked paused.
      if (current.state === 'finalizing' || current.state === 'processing') {
        fail('bad_request', `Session ${id} is ${current.state}: X already has the whole file. Cancel it instead.`);
      }
      if (current.state !== 'uploading' && current.state !== 'ready') return current;
      return change({ ...current, state: 'ready', notice: PAUSED_NOTICE });
    },
    'sessions:retry': async ({ id }) => change({ ...session(id), state: 'ready', error: null }),
    'sessions:forget': async ({ id }) => {
      session(id);
      app.sessions = app.sessions.filter((candidate) => candidate.id !== id);
      return { forgotten: true };
    },
    'sessions:reassign': async ({ id, accountId }) => change({ ...session(id), accountId }),
    'sessions:history': async ({ id }) => {
      session(id);
      return app.history.get(id) ?? [];
    },
    'sessions:copyMediaId': async ({ id }) => ({
      mediaId: session(id).mediaId ?? fail('not_found', 'No media id yet'),
    }),
    'sessions:update': async ({ id, category, altText, owners }) => {
      const current = session(id);
      const mediaCategory = category ?? current.mediaCategory;
      const inspection = current.validation?.inspection ?? null;
      const tier = current.accountId ? account(current.accountId).tier : 'standard';
      const validation = validate(inspection, { category: mediaCategory, tier, altText: altText ?? null });
      return change({
        ...current,
        mediaCategory,
        altText: altText === undefined ? current.altText : altText,
        additionalOwners: owners ?? current.additionalOwners,
        validation,
        state:
          current.state === 'draft' || current.state === 'ready' ? (validation.ok ? 'ready' : 'draft') : current.state,
      });
    },
    'sessions:fitPlan': async ({ id }) => {
      const current = session(id);
      const { planConversion } = await import('../../main/core/convert/plan.ts');
      return {
        outcome: current.validation ? planConversion(current.validation) : { kind: 'fits' as const },
        tool: 'fake ffmpeg',
        howToGetFfmpeg: null,
      };
    },
    'sessions:fit': async ({ id }) => {
      const current = session(id);
      for (const percent of [0, 50, 100]) {
        hub.emit('conversion', {
          sessionId: id,
          state: percent === 100 ? 'done' : 'converting',
          percent,
          etaSec: null,
          message: null,
        });
      }
      return change({
        ...current,
        state: 'ready',
        validation: current.validation && { ...current.validation, ok: true, findings: [] },
      });
    },
    'sessions:cancelFit': async () => ({ cancelled: false }),
    'accounts:list': async () => app.accounts,
    'accounts:addWithTokens': async (request) => {
      const added = fakeAccount({
        id: `acct-${request.name}`,
        name: request.name,
        kind: 'x',
        screenName: request.name,
        api: request.api,
        tier: request.tier,
        verifiedAt: null,
      });
      app.accounts.push(added);
      return added;
    },
    'accounts:startPinLogin': async () => ({
      loginId: 'login-1',
      authorizeUrl: 'http://127.0.0.1:1/oauth/authorize?oauth_token=t',
    }),
    'accounts:finishPinLogin': async ({ pin }) => {
      if (pin !== '1234567') fail('auth', 'Invalid or expired PIN');
      const added = fakeAccount({ id: 'acct-pin', name: 'pin', kind: 'x', screenName: 'pinned' });
      app.accounts.push(added);
      return added;
    },
    'accounts:startOAuth2SignIn': async () => ({
      signInId: 'signin-1',
      authorizeUrl: 'http://127.0.0.1:1/i/oauth2/authorize?client_id=c',
      redirectUri: 'http://127.0.0.1:53682/callback',
    }),
    'accounts:startOAuth2SignInAgain': async () => ({
      signInId: 'signin-2',
      authorizeUrl: 'http://127.0.0.1:1/i/oauth2/authorize?client_id=c',
      redirectUri: 'http://127.0.0.1:53682/callback',
    }),
    'accounts:finishOAuth2SignIn': async () => {
      const added = fakeAccount({
        id: 'acct-oauth2',
        name: 'oauth2',
        kind: 'x',
        screenName: 'bearer',
        oauth2: { clientId: 'c', accessExpiresAt: 1_700_000_000_000, signInAgain: false },
      });
      app.accounts.push(added);
      return added;
    },
    'accounts:pasteOAuth2Redirect': async () => ({ accepted: true }),
    'accounts:cancelOAuth2SignIn': async () => ({ cancelled: true }),
    'accounts:verify': async ({ id }) => account(id),
    'accounts:setTier': async ({ id, tier }) => {
      const updated = { ...account(id), tier };
      app.accounts = app.accounts.map((candidate) => (candidate.id === id ? updated : candidate));
      hub.emit('accountsChanged', app.accounts);
      return updated;
    },
    'accounts:edit': async ({ id, name, tier }) => {
      const current = account(id);
      const updated = { ...current, name: name ?? current.name, tier: tier ?? current.tier };
      app.accounts = app.accounts.map((candidate) => (candidate.id === id ? updated : candidate));
      hub.emit('accountsChanged', app.accounts);
      return updated;
    },
    'accounts:addSandboxUser': async () => {
      const added = fakeAccount({
        id: 'acct-sandbox-2',
        name: 'sandbox-2',
        kind: 'sandbox',
        screenName: 'xfer_demo_two',
      });
      app.accounts.push(added);
      hub.emit('accountsChanged', app.accounts);
      return added;
    },
    'accounts:remove': async ({ id }) => {
      account(id);
      app.accounts = app.accounts.filter((candidate) => candidate.id !== id);
      return { removed: true };
    },
    // Posts are exercised against the real handlers (test/app/posts, test/e2e/posts); here they know none.
    'posts:list': async () => [],
    'posts:compose': async () => fail('bad_request', 'The fake app does not post'),
    'posts:cancel': async ({ id }) => fail('not_found', `No post ${id}`),
    'posts:retry': async ({ id }) => fail('not_found', `No post ${id}`),
    'posts:sendNow': async ({ id }) => fail('not_found', `No post ${id}`),
    'posts:reschedule': async ({ id }) => fail('not_found', `No post ${id}`),
    'posts:forget': async ({ id }) => fail('not_found', `No post ${id}`),
    'posts:open': async ({ id }) => fail('not_found', `No post ${id}`),
    'preferences:get': async () => preferencesView(),
    'preferences:set': async ({ changes }) => {
      app.preferences.update(changes);
      return preferencesView();
    },
  };
  app.handlers = new Proxy(handlers, {
    get(target, channel: string) {
      const handler = target[channel as keyof Handlers] as (request: unknown) => Promise<unknown>;
      return async (request: unknown) => {
        calls.push({ channel, request });
        return handler(request);
      };
    },
  });
  return app;
}

/** `window.xfer` over an in-memory transport: the contract's dispatcher and the real bridge. */
export function fakeApi(app: FakeApp) {
  const dispatch = createDispatcher(app.handlers);
  return createBridge(
    {
      invoke: (channel, payload) => dispatch(channel, payload),
      subscribe: (event, listener) =>
        app.hub.subscribe((name, payload) => {
          if (name === event) listener(payload);
        }),
    },
    { channels: CHANNEL_NAMES, events: EVENT_NAMES },
  );
}
