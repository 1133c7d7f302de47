// Restoring the window where the user left it, unless that place is no longer on any screen
// (a monitor was unplugged). Nothing here imports Electron.

import type { WindowBounds } from '../settings/store.ts';

export interface Area {
  x: number;
  y: number;
  width: number;
  height: number;
}

export const DEFAULT_WINDOW_SIZE = { width: 1280, height: 820 };
export const MIN_WINDOW_SIZE = { width: 900, height: 600 };

/** Minimum visible strip, in pixels, for a window to count as reachable on a display. */
const MIN_VISIBLE = 80;

function overlap(a: Area, b: Area): { width: number; height: number } {
  const width = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const height = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return { width: Math.max(0, width), height: Math.max(0, height) };
}

/**
 * Returns the saved bounds when a usable part of the window lies on one of `workAreas`, else
 * null (the window then opens centred at its default size). Sizes are clamped to the minimum.
 */
export function restorableBounds(saved: WindowBounds | null, workAreas: readonly Area[]): WindowBounds | null {
  if (saved === null) return null;
  const bounds = {
    ...saved,
    width: Math.max(saved.width, MIN_WINDOW_SIZE.width),
    height: Math.max(saved.height, MIN_WINDOW_SIZE.height),
  };
  const visible = workAreas.some((area) => {
    const shared = overlap(bounds, area);
    return shared.width >= MIN_VISIBLE && shared.height >= MIN_VISIBLE;
  });
  return visible ? bounds : null;
}
