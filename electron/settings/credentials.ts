// The N-sight server and API key. On disk they are encrypted with the operating system's
// keychain (Electron's `safeStorage`) in a file only the user can read. Without a keychain they
// can be kept in memory for this session only. Nothing outside main ever gets the key, because
// callers show `status()`, which carries only its last four characters.

import { readFileSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';

import type { BridgeError } from '../../shared/contract.ts';
import type { Logger } from '../logger.ts';
import { writeAtomically } from '../report/files.ts';
import { BridgeFailure } from '../bridge/errors.ts';

/** The part of Electron's `safeStorage` this store uses, so tests can pass a fake. */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Uint8Array;
  decryptString(encrypted: Buffer): string;
  /** Linux only: `basic_text` means a fixed, well-known password, which protects nothing. */
  getSelectedStorageBackend?(): string;
}

export interface Credentials {
  /** Server as the user typed it: a territory name, a host or a URL. */
  server: string;
  apiKey: string;
}

export type CredentialStorage = 'encrypted' | 'session';

export interface CredentialStatus {
  configured: boolean;
  server: string | null;
  keyLastFour: string | null;
  storage: CredentialStorage | 'none';
  encryptionAvailable: boolean;
  problem: BridgeError | null;
}

export interface CredentialStore {
  /** The credentials in use, or null when none are saved or the saved ones do not decrypt. */
  current(): Credentials | null;
  status(): CredentialStatus;
  save(credentials: Credentials, keep: CredentialStorage): Promise<void>;
  /** Forgets the credentials in memory and deletes the file. */
  forget(): Promise<void>;
}

const FILE_VERSION = 1;

const fileSchema = z.object({
  version: z.literal(FILE_VERSION),
  /** Not secret: shown when the key must be entered again. */
  server: z.string().max(2048),
  /** Base64 of `safeStorage.encryptString(JSON.stringify({ server, apiKey }))`. */
  encrypted: z.string().min(1).max(100_000),
});

const secretSchema = z.object({ server: z.string().min(1), apiKey: z.string().min(1) });

/** Tells whether `safeStorage` encrypts with a real keychain. */
export function canEncrypt(safeStorage: SafeStorageLike): boolean {
  if (!safeStorage.isEncryptionAvailable()) return false;
  return safeStorage.getSelectedStorageBackend?.() !== 'basic_text';
}

export function lastFour(apiKey: string): string {
  return apiKey.slice(-4);
}

interface LoadedState {
  credentials: Credentials | null;
  problem: BridgeError | null;
  /** Server of a file that did not decrypt, to prefill the form. */
  server: string | null;
}

function loadFile(file: string, safeStorage: SafeStorageLike, logger: Logger): LoadedState {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { credentials: null, problem: null, server: null };
    logger.error('Credentials file is unreadable', { file, error: (error as Error).message });
    return {
      credentials: null,
      server: null,
      problem: { code: 'key-unreadable', message: `Could not read the saved connection (${(error as Error).message}). Enter the server and API key again.` },
    };
  }

  let stored: z.infer<typeof fileSchema>;
  try {
    stored = fileSchema.parse(JSON.parse(text));
  } catch {
    logger.warn('Credentials file is damaged', { file });
    return {
      credentials: null,
      server: null,
      problem: { code: 'key-unreadable', message: 'The saved connection is damaged. Enter the server and API key again.' },
    };
  }

  const unreadable: LoadedState = {
    credentials: null,
    server: stored.server,
    problem: {
      code: 'key-unreadable',
      message: `The saved API key for ${stored.server} can no longer be decrypted, for example because the system keychain changed. Enter the API key again.`,
    },
  };
  if (!safeStorage.isEncryptionAvailable()) {
    logger.warn('Saved credentials exist but encryption is unavailable', { server: stored.server });
    return unreadable;
  }
  try {
    const plain = safeStorage.decryptString(Buffer.from(stored.encrypted, 'base64'));
    return { credentials: secretSchema.parse(JSON.parse(plain)), problem: null, server: stored.server };
  } catch (error) {
    logger.warn('Saved API key does not decrypt', { server: stored.server, error: (error as Error).name });
    return unreadable;
  }
}

/** Opens the credentials file `file` (it need not exist) with `safeStorage` as the cipher. */
export function openCredentialStore(options: { file: string; safeStorage: SafeStorageLike; logger: Logger }): CredentialStore {
  const { file, safeStorage } = options;
  const logger = options.logger.child('credentials');
  const loaded = loadFile(file, safeStorage, logger);
  let credentials = loaded.credentials;
  let storage: CredentialStorage | 'none' = credentials === null ? 'none' : 'encrypted';
  let problem = loaded.problem;
  let problemServer = loaded.server;

  async function writeEncrypted(value: Credentials): Promise<void> {
    const encrypted = Buffer.from(safeStorage.encryptString(JSON.stringify(value))).toString('base64');
    const text = `${JSON.stringify({ version: FILE_VERSION, server: value.server, encrypted })}\n`;
    await mkdir(dirname(file), { recursive: true, mode: 0o700 });
    // 0600: only the user can read the file, even though its content is encrypted.
    await writeAtomically(file, (temp) => writeFile(temp, text, { flag: 'wx', mode: 0o600 }), { overwrite: true });
  }

  return {
    current: () => credentials,

    status: () => ({
      configured: credentials !== null,
      server: credentials?.server ?? problemServer,
      keyLastFour: credentials === null ? null : lastFour(credentials.apiKey),
      storage,
      encryptionAvailable: canEncrypt(safeStorage),
      problem,
    }),

    async save(value, keep) {
      if (keep === 'encrypted') {
        if (!canEncrypt(safeStorage)) {
          throw new BridgeFailure(
            'encryption-unavailable',
            'This computer offers no keychain to encrypt the API key (on Linux, install and unlock a keyring such as GNOME Keyring or KWallet). Keep the key for this session only, or set up a keyring and try again.',
          );
        }
        await writeEncrypted(value);
      } else {
        // A key kept for this session must not leave an older key behind on disk.
        await rm(file, { force: true });
      }
      credentials = { ...value };
      storage = keep;
      problem = null;
      problemServer = null;
      logger.info('Saved the connection', { server: value.server, storage: keep });
    },

    async forget() {
      await rm(file, { force: true });
      credentials = null;
      storage = 'none';
      problem = null;
      problemServer = null;
      logger.info('Forgot the connection');
    },
  };
}
