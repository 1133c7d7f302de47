import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { BridgeFailure } from '../../electron/bridge/errors.ts';
import { silentLogger } from '../../electron/logger.ts';
import { openCredentialStore, type SafeStorageLike } from '../../electron/settings/credentials.ts';

const KEY = 'b3f1c2d4e5a697887766554433221100';

/** Creates a stand-in for safeStorage: XOR with a per-instance byte, plus a marker checked on decrypt. */
function fakeSafeStorage(options: { available?: boolean; backend?: string; xor?: number } = {}): SafeStorageLike {
  const xor = options.xor ?? 0x5a;
  return {
    isEncryptionAvailable: () => options.available ?? true,
    getSelectedStorageBackend: () => options.backend ?? 'gnome_libsecret',
    encryptString: (plain) => Buffer.from(`v10${plain}`, 'utf8').map((byte) => byte ^ xor),
    decryptString: (encrypted) => {
      const text = Buffer.from(encrypted.map((byte) => byte ^ xor)).toString('utf8');
      if (!text.startsWith('v10')) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
      return text.slice(3);
    },
  };
}

let folder: string;
let file: string;

beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), 'credentials-'));
  file = join(folder, 'credentials.json');
});

afterEach(() => {
  rmSync(folder, { recursive: true, force: true });
});

describe('credential store', () => {
  it('round-trips through safeStorage', async () => {
    const store = openCredentialStore({ file, safeStorage: fakeSafeStorage(), logger: silentLogger });
    await store.save({ server: 'United Kingdom', apiKey: KEY }, 'encrypted');

    const reopened = openCredentialStore({ file, safeStorage: fakeSafeStorage(), logger: silentLogger });

    expect(reopened.current()).toEqual({ server: 'United Kingdom', apiKey: KEY });
    expect(reopened.status()).toEqual({
      configured: true,
      server: 'United Kingdom',
      keyLastFour: '1100',
      storage: 'encrypted',
      encryptionAvailable: true,
      problem: null,
    });
  });

  it('never writes the key in clear', async () => {
    const store = openCredentialStore({ file, safeStorage: fakeSafeStorage(), logger: silentLogger });
    await store.save({ server: 'Europe', apiKey: KEY }, 'encrypted');

    const bytes = readFileSync(file);

    expect(bytes.includes(Buffer.from(KEY))).toBe(false);
    expect(bytes.includes(Buffer.from(KEY.slice(-8)))).toBe(false);
    expect(bytes.toString('latin1')).not.toContain(Buffer.from(KEY).toString('base64').slice(0, 12));
  });

  it.skipIf(process.platform === 'win32')('writes the file with mode 0600', async () => {
    const store = openCredentialStore({ file, safeStorage: fakeSafeStorage(), logger: silentLogger });
    await store.save({ server: 'Europe', apiKey: KEY }, 'encrypted');

    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('rejects encrypted keeping without a keychain', async () => {
    const store = openCredentialStore({ file, safeStorage: fakeSafeStorage({ available: false }), logger: silentLogger });

    const saving = store.save({ server: 'Europe', apiKey: KEY }, 'encrypted');

    await expect(saving).rejects.toBeInstanceOf(BridgeFailure);
    await expect(saving).rejects.toMatchObject({ code: 'encryption-unavailable' });
    expect(existsSync(file)).toBe(false);
    expect(store.status().encryptionAvailable).toBe(false);
  });

  it('treats basic_text as no keychain', async () => {
    const store = openCredentialStore({ file, safeStorage: fakeSafeStorage({ backend: 'basic_text' }), logger: silentLogger });

    await expect(store.save({ server: 'Europe', apiKey: KEY }, 'encrypted')).rejects.toMatchObject({ code: 'encryption-unavailable' });
    expect(store.status().encryptionAvailable).toBe(false);
  });

  it('keeps a session key in memory only', async () => {
    const store = openCredentialStore({ file, safeStorage: fakeSafeStorage({ available: false }), logger: silentLogger });

    await store.save({ server: 'Europe', apiKey: KEY }, 'session');

    expect(store.current()).toEqual({ server: 'Europe', apiKey: KEY });
    expect(store.status().storage).toBe('session');
    expect(existsSync(file)).toBe(false);
    const reopened = openCredentialStore({ file, safeStorage: fakeSafeStorage({ available: false }), logger: silentLogger });
    expect(reopened.current()).toBeNull();
  });

  it('removes an older file for a session key', async () => {
    const store = openCredentialStore({ file, safeStorage: fakeSafeStorage(), logger: silentLogger });
    await store.save({ server: 'Europe', apiKey: KEY }, 'encrypted');

    await store.save({ server: 'Europe', apiKey: 'another-key-0000' }, 'session');

    expect(existsSync(file)).toBe(false);
  });

  it('reports a key that no longer decrypts', async () => {
    const store = openCredentialStore({ file, safeStorage: fakeSafeStorage({ xor: 0x11 }), logger: silentLogger });
    await store.save({ server: 'www.systemmonitor.us', apiKey: KEY }, 'encrypted');

    const reopened = openCredentialStore({ file, safeStorage: fakeSafeStorage({ xor: 0x22 }), logger: silentLogger });
    const status = reopened.status();

    expect(reopened.current()).toBeNull();
    expect(status.configured).toBe(false);
    expect(status.server).toBe('www.systemmonitor.us');
    expect(status.problem?.code).toBe('key-unreadable');
    expect(status.problem?.message).toBe(
      'The saved API key for www.systemmonitor.us can no longer be decrypted, for example because the system keychain changed. Enter the API key again.',
    );
  });

  it('reports a damaged file', () => {
    writeFileSync(file, '{"version":1,');

    const store = openCredentialStore({ file, safeStorage: fakeSafeStorage(), logger: silentLogger });

    expect(store.current()).toBeNull();
    expect(store.status().problem?.code).toBe('key-unreadable');
  });

  it('clears the problem after a new save', async () => {
    writeFileSync(file, 'not json');
    const store = openCredentialStore({ file, safeStorage: fakeSafeStorage(), logger: silentLogger });

    await store.save({ server: 'Europe', apiKey: KEY }, 'encrypted');

    expect(store.status().problem).toBeNull();
    expect(store.status().configured).toBe(true);
  });

  it('forgets the key and deletes the file', async () => {
    const store = openCredentialStore({ file, safeStorage: fakeSafeStorage(), logger: silentLogger });
    await store.save({ server: 'Europe', apiKey: KEY }, 'encrypted');

    await store.forget();

    expect(store.current()).toBeNull();
    expect(store.status()).toMatchObject({ configured: false, server: null, keyLastFour: null, storage: 'none' });
    expect(existsSync(file)).toBe(false);
  });
});
