// The main-process side of the bridge: one table that checks the sender, parses the argument
// with the method's schema and calls the service. Nothing throws across the bridge: every
// call resolves to a `Result`. Electron's ipcMain wiring and the web harness both use it.

import type { z } from 'zod';

import {
  contract,
  METHOD_NAMES,
  type MethodName,
  type MethodResult,
  type ParsedArgs,
  type Result,
} from '../../shared/contract.ts';
import type { Logger } from '../logger.ts';
import { toBridgeError } from './errors.ts';
import { describeError, redactText } from './redact.ts';

/** The implementation of every contract method, called with an argument its schema accepted. */
export type BridgeServices = { [M in MethodName]: (args: ParsedArgs<M>) => Promise<MethodResult<M>> };

export interface BridgeHandlerOptions<Sender> {
  services: BridgeServices;
  /** Tells whether a call comes from the app's own window (or the harness's own page). */
  isTrustedSender: (sender: Sender) => boolean;
  logger: Logger;
  /** Secrets to remove from logged errors (the API key in use); the `apikey=` pattern always is. */
  secrets?: () => readonly string[];
}

export interface BridgeHandlers<Sender> {
  readonly methods: readonly MethodName[];
  /** Runs one call from `sender`; resolves to a `Result` and never rejects. */
  handle(sender: Sender, method: string, args: unknown): Promise<Result<unknown>>;
}

const MAX_ISSUES_SHOWN = 3;

function isMethodName(name: string): name is MethodName {
  return Object.hasOwn(contract, name);
}

/** Summarizes schema issues without echoing values, which could contain the API key. */
function describeIssues(method: string, issues: readonly z.core.$ZodIssue[]): string {
  const shown = issues.slice(0, MAX_ISSUES_SHOWN).map((issue) => {
    const path = issue.path.length > 0 ? issue.path.map(String).join('.') : 'argument';
    return `${path}: ${issue.message}`;
  });
  const more = issues.length > MAX_ISSUES_SHOWN ? ` (and ${issues.length - MAX_ISSUES_SHOWN} more)` : '';
  return `Invalid argument for ${method}: ${shown.join('; ')}${more}. The app sent a request it should not have; restart it, and report the problem if it happens again.`;
}

/** Creates the handler table over `services`. */
export function createBridgeHandlers<Sender>(options: BridgeHandlerOptions<Sender>): BridgeHandlers<Sender> {
  const { services, isTrustedSender } = options;
  const logger = options.logger.child('bridge');
  const secrets = options.secrets ?? (() => []);

  async function handle(sender: Sender, method: string, args: unknown): Promise<Result<unknown>> {
    let trusted = false;
    try {
      trusted = isTrustedSender(sender);
    } catch (error) {
      logger.error('Sender check failed', { method, error: redactText(describeError(error), secrets()) });
    }
    if (!trusted) {
      logger.warn('Rejected a call from an unknown sender', { method: String(method).slice(0, 64) });
      return { ok: false, error: { code: 'forbidden-sender', message: 'This request did not come from the app window, so it was rejected.' } };
    }

    if (typeof method !== 'string' || !isMethodName(method)) {
      logger.warn('Rejected a call to an unknown method', { method: String(method).slice(0, 64) });
      return { ok: false, error: { code: 'unknown-method', message: `The bridge has no method "${String(method).slice(0, 64)}". Restart the app; if it happens again, report it.` } };
    }

    const parsed = contract[method].args.safeParse(args === undefined ? {} : args);
    if (!parsed.success) {
      logger.warn('Rejected invalid arguments', { method, issues: parsed.error.issues.length });
      return { ok: false, error: { code: 'invalid-argument', message: describeIssues(method, parsed.error.issues) } };
    }

    try {
      const call = services[method] as (input: unknown) => Promise<unknown>;
      const value = await call(parsed.data);
      return { ok: true, value: value === undefined ? null : value };
    } catch (error) {
      const expected = toBridgeError(error);
      if (expected !== null) {
        const message = redactText(expected.message, secrets());
        logger.info('Call failed', { method, code: expected.code, message });
        return { ok: false, error: { code: expected.code, message } };
      }
      logger.error('Call failed unexpectedly', { method, error: redactText(describeError(error), secrets()) });
      return {
        ok: false,
        error: { code: 'internal', message: `${method} failed unexpectedly. The details are in the log (Help > Open logs folder).` },
      };
    }
  }

  return { methods: METHOD_NAMES, handle };
}
