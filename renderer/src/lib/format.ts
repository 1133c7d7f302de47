// Display formats only the renderer needs: relative ages and time left. Sizes, counts, local
// times and percentages come from shared/report/format.ts and time.ts, so the app and the
// exported reports agree.

/** Says how long ago `iso` was, in the largest whole unit: `just now`, `5 minutes ago`, `3 days ago`. */
export function formatAge(iso: string | null, now: Date): string {
  if (iso === null) return 'never';
  const seconds = Math.max(0, (now.getTime() - new Date(iso).getTime()) / 1000);
  const units: [number, string][] = [
    [86_400, 'day'],
    [3_600, 'hour'],
    [60, 'minute'],
  ];
  for (const [size, name] of units) {
    const count = Math.floor(seconds / size);
    if (count >= 1) return `${count} ${name}${count === 1 ? '' : 's'} ago`;
  }
  return 'just now';
}

/** Formats an estimate of the time left, rounded up to whole minutes past one minute. */
export function formatTimeLeft(ms: number | null): string {
  if (ms === null) return '';
  if (ms < 60_000) return 'less than a minute left';
  const minutes = Math.ceil(ms / 60_000);
  if (minutes < 60) return `about ${minutes} min left`;
  return `about ${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min left`;
}
