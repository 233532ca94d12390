/**
 * `items` in the order `cmp` gives them, as a stable sort would give them (equal items keep their order),
 * for a reader that usually stops after the first few: those `first` are picked with a bounded heap,
 * about one comparison per item against the n·log n of sorting them all, and the rest are sorted only if
 * the reader goes on past them (its filter refused some of the first). A customer search sorts the
 * thousands of customers of a name prefix ("Pop", "Smi") by name for a page of 20 (the comparisons were
 * an eighth of its time in the database), and a claim the available agents for the longest idle one.
 */
export function* sortedLazily<T>(items: readonly T[], cmp: (a: T, b: T) => number, first: number): Generator<T, void, undefined> {
  const n = items.length;
  // Few items, or most of them wanted: one sort costs about what the heap would.
  if (first * 8 >= n) {
    yield* [...items].sort(cmp);
    return;
  }
  // Positions break ties, so the order is total and matches a stable sort's.
  const order = (i: number, j: number) => cmp(items[i], items[j]) || i - j;
  const before = (i: number, j: number) => order(i, j) < 0;
  // A max-heap of the positions of the `first` smallest items seen so far: its root is the largest of them.
  const heap: number[] = [];
  const down = (at: number) => {
    for (;;) {
      const l = 2 * at + 1;
      const r = l + 1;
      let top = at;
      if (l < heap.length && before(heap[top], heap[l])) top = l;
      if (r < heap.length && before(heap[top], heap[r])) top = r;
      if (top === at) return;
      [heap[at], heap[top]] = [heap[top], heap[at]];
      at = top;
    }
  };
  const up = (at: number) => {
    while (at > 0) {
      const parent = (at - 1) >> 1;
      if (!before(heap[parent], heap[at])) return;
      [heap[at], heap[parent]] = [heap[parent], heap[at]];
      at = parent;
    }
  };
  for (let i = 0; i < n; i++) {
    if (heap.length < first) {
      heap.push(i);
      up(heap.length - 1);
    } else if (before(i, heap[0])) {
      heap[0] = i;
      down(0);
    }
  }
  const chosen = heap.sort(order);
  for (const i of chosen) yield items[i];
  // The reader went on: everything else comes after the chosen (they were the smallest), sorted now.
  const taken = new Uint8Array(n);
  for (const i of chosen) taken[i] = 1;
  const rest: number[] = [];
  for (let i = 0; i < n; i++) if (!taken[i]) rest.push(i);
  for (const i of rest.sort(order)) yield items[i];
}
