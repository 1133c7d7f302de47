// Loads the real main process with Electron and electron-log replaced by small fakes, and
// checks the wiring: the window's security settings, the bridge channels and the sender check.

import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

import { METHOD_NAMES } from '../../shared/contract.ts';

type Listener = (...args: unknown[]) => unknown;

const fake = vi.hoisted(() => {
  const state = {
    userData: '',
    privileged: [] as unknown[],
    windows: [] as { options: Record<string, unknown>; url: string; contents: Record<string, unknown> }[],
    handlers: new Map<string, Listener>(),
    appEvents: new Map<string, Listener[]>(),
    permissionHandler: null as null | Listener,
    beforeRequest: null as null | { filter: unknown; listener: Listener },
    menuSet: 0,
    opened: [] as string[],
    ready: null as null | Promise<void>,
  };
  return state;
});

vi.mock('electron', () => {
  class BrowserWindow {
    webContents: Record<string, unknown>;
    constructor(options: Record<string, unknown>) {
      const mainFrame = { url: 'app://renderer/index.html' };
      this.webContents = { mainFrame, isDestroyed: () => false, send: () => {} };
      fake.windows.push({ options, url: '', contents: this.webContents });
    }
    static getAllWindows() {
      return fake.windows;
    }
    loadURL(url: string) {
      fake.windows.at(-1)!.url = url;
      return Promise.resolve();
    }
    on() {}
    once() {}
    maximize() {}
    isDestroyed() {
      return false;
    }
  }
  const on = (event: string, listener: Listener) => {
    fake.appEvents.set(event, [...(fake.appEvents.get(event) ?? []), listener]);
  };
  return {
    app: {
      getPath: (name: string) => (name === 'userData' ? fake.userData : join(fake.userData, name)),
      getVersion: () => '0.1.0',
      isPackaged: false,
      isReady: () => true,
      requestSingleInstanceLock: () => true,
      whenReady: () => {
        fake.ready = Promise.resolve();
        return fake.ready;
      },
      on,
      quit: () => {},
    },
    BrowserWindow,
    dialog: { showErrorBox: () => {}, showMessageBox: async () => ({ response: 2 }) },
    ipcMain: {
      handle: (channel: string, listener: Listener) => fake.handlers.set(channel, listener),
      removeHandler: (channel: string) => fake.handlers.delete(channel),
    },
    safeStorage: {
      isEncryptionAvailable: () => false,
      encryptString: () => Buffer.alloc(0),
      decryptString: () => '',
    },
    protocol: {
      registerSchemesAsPrivileged: (schemes: unknown[]) => fake.privileged.push(...schemes),
      handle: () => {},
    },
    session: {
      defaultSession: {
        setPermissionRequestHandler: (handler: Listener) => {
          fake.permissionHandler = handler;
        },
        setPermissionCheckHandler: () => {},
        setDevicePermissionHandler: () => {},
        webRequest: {
          onBeforeRequest: (filter: unknown, listener: Listener) => {
            fake.beforeRequest = { filter, listener };
          },
          onHeadersReceived: () => {},
        },
      },
    },
    shell: {
      openExternal: async (url: string) => {
        fake.opened.push(url);
      },
      openPath: async () => '', showItemInFolder: () => {} },
    screen: { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }] },
    Menu: {
      buildFromTemplate: (template: unknown) => template,
      setApplicationMenu: () => {
        fake.menuSet++;
      },
    },
    clipboard: { writeText: () => {} },
  };
});

vi.mock('electron-log/main', () => {
  const log = {
    transports: { file: { getFile: () => ({ path: join(fake.userData, 'logs', 'main.log') }) }, console: {} },
    hooks: [] as unknown[],
    scope: () => log,
    debug: () => {},
    info: () => {},
    warn: () => {},
    error: () => {},
  };
  return { default: log };
});

const listenersBefore = {
  uncaughtException: process.listeners('uncaughtException'),
  unhandledRejection: process.listeners('unhandledRejection'),
};

beforeAll(async () => {
  fake.userData = mkdtempSync(join(tmpdir(), 'main-'));
  process.env['NSIGHT_CACHE'] = join(fake.userData, 'shared-cache.sqlite');
  await import('../../electron/main.ts');
  await fake.ready;
  // start() runs after whenReady resolves; wait until it has registered the bridge.
  await vi.waitFor(() => expect(fake.windows).toHaveLength(1));
});

afterAll(() => {
  for (const listener of process.listeners('uncaughtException')) {
    if (!listenersBefore.uncaughtException.includes(listener)) process.removeListener('uncaughtException', listener);
  }
  for (const listener of process.listeners('unhandledRejection')) {
    if (!listenersBefore.unhandledRejection.includes(listener)) process.removeListener('unhandledRejection', listener);
  }
  for (const listener of fake.appEvents.get('will-quit') ?? []) listener();
  delete process.env['NSIGHT_CACHE'];
  rmSync(fake.userData, { recursive: true, force: true });
});

describe('main process', () => {
  it('opens the cache the command line uses', () => {
    expect(existsSync(join(fake.userData, 'shared-cache.sqlite'))).toBe(true);
  });

  it('registers the app scheme as privileged', () => {
    expect(fake.privileged).toEqual([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true } }]);
  });

  it('opens one hardened window', () => {
    const window = fake.windows[0]!;
    const preferences = window.options.webPreferences as Record<string, unknown>;

    expect(window.url).toBe('app://renderer/index.html');
    expect(preferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
    });
    expect(String(preferences.preload)).toMatch(/preload\.cjs$/);
  });

  it('registers every bridge method', () => {
    expect([...fake.handlers.keys()].sort()).toEqual(METHOD_NAMES.map((method) => `nsight:call:${method}`).sort());
  });

  it('answers the app window', async () => {
    const contents = fake.windows[0]!.contents;
    const event = { sender: contents, senderFrame: contents.mainFrame };

    const result = await fake.handlers.get('nsight:call:getAppInfo')!(event, {});

    expect(result).toMatchObject({ ok: true, value: { version: '0.1.0' } });
  });

  it('rejects another sender', async () => {
    const stranger = { mainFrame: { url: 'app://renderer/index.html' }, isDestroyed: () => false };
    const event = { sender: stranger, senderFrame: stranger.mainFrame };

    const result = await fake.handlers.get('nsight:call:forgetConnection')!(event, {});

    expect(result).toMatchObject({ ok: false, error: { code: 'forbidden-sender' } });
  });

  it('denies permissions and renderer network requests', () => {
    const answers: boolean[] = [];
    fake.permissionHandler!({}, 'media', (allowed: boolean) => answers.push(allowed));
    const cancelled: unknown[] = [];
    fake.beforeRequest!.listener({ url: 'https://example.com/' }, (response: unknown) => cancelled.push(response));

    expect(answers).toEqual([false]);
    expect(cancelled).toEqual([{ cancel: true }]);
  });

  it('denies navigation and opens allowed links outside', () => {
    const events = new Map<string, Listener>();
    let openHandler: Listener = () => undefined;
    const contents = {
      on: (event: string, listener: Listener) => events.set(event, listener),
      setWindowOpenHandler: (handler: Listener) => {
        openHandler = handler;
      },
    };
    for (const listener of fake.appEvents.get('web-contents-created') ?? []) listener({}, contents);
    const navigate = (url: string) => {
      let prevented = false;
      events.get('will-navigate')!({ url, preventDefault: () => (prevented = true) });
      return prevented;
    };

    expect(navigate('https://documentation.n-able.com/remote-management/userguide/Content/api_key.htm')).toBe(true);
    expect(navigate('https://evil.example/')).toBe(true);
    expect(openHandler({ url: 'https://www.systemmonitor.us/' })).toEqual({ action: 'deny' });
    expect(openHandler({ url: 'javascript:alert(1)' })).toEqual({ action: 'deny' });
    expect(fake.opened).toEqual(['https://documentation.n-able.com/remote-management/userguide/Content/api_key.htm', 'https://www.systemmonitor.us/']);
    expect(events.has('will-attach-webview')).toBe(true);
  });

  it('installs the menu and single-instance handling', () => {
    expect(fake.menuSet).toBe(1);
    expect(fake.appEvents.has('second-instance')).toBe(true);
  });
});
