// Label placement without overlaps: each label tries a few spots around its mark and takes the
// first that collides with nothing placed before it. Boxes sit in a coarse grid so thousands of
// marks stay fast.
export interface Rect {
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
}

const CELL = 32;

export class Occupancy {
  private readonly cells = new Map<number, Rect[]>();

  constructor(private readonly bounds: Rect) {}

  private keys(r: Rect): number[] {
    const keys: number[] = [];
    for (let cx = Math.floor(r.x / CELL); cx <= Math.floor((r.x + r.w) / CELL); cx++) {
      for (let cy = Math.floor(r.y / CELL); cy <= Math.floor((r.y + r.h) / CELL); cy++) {
        keys.push(cx * 100_000 + cy);
      }
    }
    return keys;
  }

  /** The rectangle lies inside the bounds and meets nothing added so far. */
  fits(r: Rect): boolean {
    const b = this.bounds;
    if (r.x < b.x || r.y < b.y || r.x + r.w > b.x + b.w || r.y + r.h > b.y + b.h) return false;
    for (const key of this.keys(r)) {
      for (const o of this.cells.get(key) ?? []) {
        if (r.x < o.x + o.w && o.x < r.x + r.w && r.y < o.y + o.h && o.y < r.y + r.h) return false;
      }
    }
    return true;
  }

  add(r: Rect): void {
    for (const key of this.keys(r)) {
      const list = this.cells.get(key);
      if (list === undefined) this.cells.set(key, [r]);
      else list.push(r);
    }
  }
}
