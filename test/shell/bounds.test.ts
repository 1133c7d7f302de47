import { describe, expect, it } from 'vitest';

import { restorableBounds } from '../../electron/shell/bounds.ts';

const LAPTOP = { x: 0, y: 0, width: 1440, height: 900 };
const MONITOR = { x: 1440, y: 0, width: 2560, height: 1440 };

describe('window bounds', () => {
  it('restores a window on a display', () => {
    const saved = { x: 100, y: 80, width: 1200, height: 800, maximized: false };

    expect(restorableBounds(saved, [LAPTOP])).toEqual(saved);
  });

  it('drops a window on a removed monitor', () => {
    const saved = { x: 2000, y: 200, width: 1200, height: 800, maximized: true };

    expect(restorableBounds(saved, [LAPTOP])).toBeNull();
    expect(restorableBounds(saved, [LAPTOP, MONITOR])).toEqual(saved);
  });

  it('drops a window with only a sliver visible', () => {
    const saved = { x: 1400, y: 100, width: 1000, height: 700, maximized: false };

    expect(restorableBounds(saved, [LAPTOP])).toBeNull();
  });

  it('raises a tiny size to the minimum', () => {
    expect(restorableBounds({ x: 10, y: 10, width: 300, height: 200, maximized: false }, [LAPTOP])).toEqual({
      x: 10,
      y: 10,
      width: 900,
      height: 600,
      maximized: false,
    });
  });

  it('returns null without saved bounds', () => {
    expect(restorableBounds(null, [LAPTOP])).toBeNull();
  });
});
