import type { BridgeError } from '../../../shared/contract.ts';
import { explainError } from '../lib/errors.ts';

export interface ErrorBannerProps {
  error: BridgeError;
  onRetry?: () => void;
  onDismiss?: () => void;
}

/** Shows a bridge error as one sentence with the next step; main's message sits under "Details". */
export function ErrorBanner({ error, onRetry, onDismiss }: ErrorBannerProps) {
  const explained = explainError(error);
  return (
    <div className="banner error" role="alert" data-error-code={explained.code}>
      <div style={{ flex: 1 }}>
        <p>{explained.sentence}</p>
        {explained.detail && explained.detail !== explained.sentence ? (
          <details>
            <summary className="muted">Details</summary>
            <p className="muted">{explained.detail}</p>
          </details>
        ) : null}
      </div>
      {onRetry ? (
        <button type="button" onClick={onRetry}>
          Try again
        </button>
      ) : null}
      {onDismiss ? (
        <button type="button" onClick={onDismiss} aria-label="Dismiss message">
          ×
        </button>
      ) : null}
    </div>
  );
}
