export interface ProgressBarProps {
  label: string;
  done: number;
  total: number;
  /** Text under the bar on the right, such as the time left. */
  detail?: string;
}

/** Shows a determinate progress bar with "done of total" for screen readers and sighted users. */
export function ProgressBar({ label, done, total, detail }: ProgressBarProps) {
  const percent = total > 0 ? Math.min(100, Math.round((done / total) * 100)) : 0;
  return (
    <div className="progress">
      <div
        className="progress-track"
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={total}
        aria-valuenow={done}
        aria-valuetext={`${done} of ${total}`}
      >
        <div className="progress-fill" style={{ width: `${percent}%` }} />
      </div>
      <div className="progress-text">
        <span>
          {label}: {done.toLocaleString()} of {total.toLocaleString()}
        </span>
        {detail ? <span>{detail}</span> : null}
      </div>
    </div>
  );
}
