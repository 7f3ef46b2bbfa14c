// A stand-in `electron` module: records what the shell asks of Electron so the shell's wiring
// (security settings, every channel registered, navigation denied) can be checked without the
// Electron binary, which cannot be downloaded on these machines.
import { EventEmitter } from 'node:events';

type Listener = (...args: unknown[]) => unknown;

export interface FakeElectron {
  module: Record<string, unknown>;
  handled: Map<string, Listener>;
  windows: FakeBrowserWindow[];
  exposed: Map<string, unknown>;
  invoked: Array<[string, unknown]>;
  rendererListeners: Map<string, Set<Listener>>;
  permissionRequestHandler: Listener | null;
  permissionCheckHandler: Listener | null;
  headersHandler: Listener | null;
  schemes: unknown[];
  protocolHandlers: Map<string, Listener>;
  /** Every dialog.showMessageBox(Sync) / showErrorBox the shell asked for. */
  dialogs: Array<Record<string, unknown>>;
  /** The next message boxes answer with these button indexes (then 0). */
  dialogAnswers: number[];
  /** app.exit(code) calls, and how often app.quit() was called. */
  exits: number[];
  quits: number;
  /** Every Notification the shell made (shown or not), newest last. */
  notifications: FakeNotification[];
  /** The tray the shell made, if any. */
  trays: FakeTray[];
  ready(): Promise<void>;
  /** Resolves once the shell has either opened a window or exited. */
  settled(): Promise<void>;
}

export interface FakeElectronOptions {
  isPackaged?: boolean;
}

export class FakeWebContents extends EventEmitter {
  static nextId = 1;
  readonly id = FakeWebContents.nextId++;
  readonly mainFrame = { url: 'about:blank' };
  windowOpenHandler: Listener | null = null;
  sent: Array<[string, unknown]> = [];
  setWindowOpenHandler(handler: Listener) {
    this.windowOpenHandler = handler;
  }
  send(channel: string, payload: unknown) {
    this.sent.push([channel, payload]);
  }
  isDestroyed() {
    return false;
  }
}

export class FakeBrowserWindow extends EventEmitter {
  static all: FakeBrowserWindow[] = [];
  readonly webContents = new FakeWebContents();
  loaded: string | null = null;
  visible = false;
  destroyed = false;
  /** Every setProgressBar(value, options) call. */
  progress: Array<{ value: number; mode: string | undefined }> = [];
  readonly options: { webPreferences: Record<string, unknown> } & Record<string, unknown>;
  constructor(options: { webPreferences: Record<string, unknown> } & Record<string, unknown>) {
    super();
    this.options = options;
    FakeBrowserWindow.all.push(this);
  }
  static getAllWindows() {
    return FakeBrowserWindow.all;
  }
  static getFocusedWindow() {
    return FakeBrowserWindow.all[0] ?? null;
  }
  async loadURL(url: string) {
    this.loaded = url;
    this.webContents.mainFrame.url = url;
  }
  /** The shell must never load a file:// page (the fuse grants file:// nothing): this fails the test. */
  async loadFile(file: string): Promise<never> {
    throw new Error(`loadFile(${file}) called: the shell must load the app scheme`);
  }
  show() {
    this.visible = true;
  }
  hide() {
    this.visible = false;
  }
  isVisible() {
    return this.visible;
  }
  isMinimized() {
    return false;
  }
  restore() {}
  isDestroyed() {
    return this.destroyed;
  }
  focus() {}
  setProgressBar(value: number, options?: { mode?: string }) {
    this.progress.push({ value, mode: options?.mode });
  }
  /** As when the user closes it: 'close' (which may be prevented), then gone from getAllWindows and 'closed'. */
  close() {
    let prevented = false;
    this.emit('close', { preventDefault: () => (prevented = true) });
    if (prevented) return;
    this.destroyed = true;
    FakeBrowserWindow.all.splice(FakeBrowserWindow.all.indexOf(this), 1);
    this.emit('closed');
  }
}

export class FakeNotification extends EventEmitter {
  static made: FakeNotification[] = [];
  shown = false;
  readonly options: { title: string; body: string } & Record<string, unknown>;
  constructor(options: { title: string; body: string } & Record<string, unknown>) {
    super();
    this.options = options;
    FakeNotification.made.push(this);
  }
  static isSupported() {
    return true;
  }
  show() {
    this.shown = true;
  }
  /** As when the user clicks it. */
  click() {
    this.emit('click');
  }
}

interface MenuItem {
  label?: string;
  type?: string;
  checked?: boolean;
  click?: () => void;
}

export class FakeTray extends EventEmitter {
  static made: FakeTray[] = [];
  tooltip = '';
  menu: MenuItem[] = [];
  destroyed = false;
  readonly image: unknown;
  constructor(image: unknown) {
    super();
    this.image = image;
    FakeTray.made.push(this);
  }
  setToolTip(text: string) {
    this.tooltip = text;
  }
  setContextMenu(menu: { items: MenuItem[] }) {
    this.menu = menu.items;
  }
  destroy() {
    this.destroyed = true;
  }
  /** Clicks the menu item with this label (throws when there is none). */
  choose(label: string) {
    const item = this.menu.find((candidate) => candidate.label === label);
    if (!item?.click)
      throw new Error(`no tray menu item "${label}" (have: ${this.menu.map((i) => i.label).join(', ')})`);
    item.click();
  }
}

export function createFakeElectron(userData: string, options: FakeElectronOptions = {}): FakeElectron {
  const handled = new Map<string, Listener>();
  const exposed = new Map<string, unknown>();
  const invoked: Array<[string, unknown]> = [];
  const rendererListeners = new Map<string, Set<Listener>>();
  const protocolHandlers = new Map<string, Listener>();
  const schemes: unknown[] = [];
  const appEvents = new EventEmitter();
  let resolveReady!: () => void;
  const readyPromise = new Promise<void>((resolve) => (resolveReady = resolve));
  FakeBrowserWindow.all = [];
  FakeNotification.made = [];
  FakeTray.made = [];

  const fake: FakeElectron = {
    handled,
    windows: FakeBrowserWindow.all,
    exposed,
    invoked,
    rendererListeners,
    permissionRequestHandler: null,
    permissionCheckHandler: null,
    headersHandler: null,
    schemes,
    protocolHandlers,
    dialogs: [],
    dialogAnswers: [],
    exits: [],
    quits: 0,
    notifications: FakeNotification.made,
    trays: FakeTray.made,
    module: {},
    async ready() {
      resolveReady();
      await readyPromise;
      await fake.settled();
    },
    async settled() {
      // Let the shell's whenReady continuation (async start) run to completion.
      for (let i = 0; i < 500 && FakeBrowserWindow.all.length === 0 && fake.exits.length === 0; i++) {
        await new Promise((r) => setTimeout(r, 20));
      }
    },
  };

  const app = Object.assign(appEvents, {
    name: 'Xfer',
    whenReady: () => readyPromise,
    getPath: () => userData,
    getAppPath: () => process.cwd(),
    getVersion: () => '0.0.0-test',
    isPackaged: options.isPackaged ?? false,
    requestSingleInstanceLock: () => true,
    quit: () => {
      fake.quits++;
      appEvents.emit('before-quit', { preventDefault() {} });
    },
    exit: (code = 0) => {
      fake.exits.push(code);
    },
  });

  fake.module = {
    app,
    BrowserWindow: FakeBrowserWindow,
    ipcMain: { handle: (channel: string, listener: Listener) => handled.set(channel, listener) },
    ipcRenderer: {
      invoke: async (channel: string, payload: unknown) => {
        invoked.push([channel, payload]);
        return { ok: true, value: null };
      },
      on: (channel: string, listener: Listener) => {
        const set = rendererListeners.get(channel) ?? new Set();
        set.add(listener);
        rendererListeners.set(channel, set);
      },
      removeListener: (channel: string, listener: Listener) => rendererListeners.get(channel)?.delete(listener),
    },
    contextBridge: { exposeInMainWorld: (key: string, value: unknown) => exposed.set(key, value) },
    webUtils: { getPathForFile: (file: { name: string }) => `/dropped/${file.name}` },
    session: {
      defaultSession: {
        setPermissionRequestHandler: (handler: Listener) => (fake.permissionRequestHandler = handler),
        setPermissionCheckHandler: (handler: Listener) => (fake.permissionCheckHandler = handler),
        webRequest: { onHeadersReceived: (handler: Listener) => (fake.headersHandler = handler) },
      },
    },
    protocol: {
      registerSchemesAsPrivileged: (list: unknown[]) => schemes.push(...list),
      handle: (scheme: string, handler: Listener) => protocolHandlers.set(scheme, handler),
    },
    dialog: {
      showOpenDialog: async () => ({ canceled: true, filePaths: [] }),
      showMessageBox: async (box: Record<string, unknown>) => {
        fake.dialogs.push(box);
        return { response: fake.dialogAnswers.shift() ?? 0, checkboxChecked: false };
      },
      showMessageBoxSync: (_window: unknown, box: Record<string, unknown>) => {
        fake.dialogs.push(box);
        return fake.dialogAnswers.shift() ?? 0;
      },
      showErrorBox: (title: string, content: string) => fake.dialogs.push({ title, detail: content }),
    },
    clipboard: { writeText: () => {} },
    shell: { openExternal: async () => {} },
    Notification: FakeNotification,
    Tray: FakeTray,
    Menu: { buildFromTemplate: (items: MenuItem[]) => ({ items }) },
    nativeImage: {
      createFromPath: (path: string) => ({ path, resize: (size: unknown) => ({ path, size }), isEmpty: () => false }),
    },
    net: { fetch: async () => new Response('') },
  };
  return fake;
}

/** A stand-in for electron-store (the app's preferences), in memory. */
export class FakeStore {
  #data = new Map<string, unknown>();
  get(key: string, fallback?: unknown) {
    return this.#data.has(key) ? this.#data.get(key) : fallback;
  }
  set(key: string, value: unknown) {
    this.#data.set(key, value);
  }
}
