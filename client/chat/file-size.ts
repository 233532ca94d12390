/** A file's size in the unit a person reads it in: bytes, kB (one decimal under 10) or MB (one decimal). */
export function fileSize(bytes: number): { n: number; unit: 'bytes' | 'kB' | 'MB' } {
  if (bytes < 1000) return { n: bytes, unit: 'bytes' };
  if (bytes < 1_000_000) return { n: Math.round(bytes / 100) / 10, unit: 'kB' };
  return { n: Math.round(bytes / 100_000) / 10, unit: 'MB' };
}
