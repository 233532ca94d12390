import type { Campaign } from '@shared/schemas/campaign';

/**
 * Headline figures of a campaign. "Worked" counts contacts finished with (no longer to be served):
 * the list shrinks by these, whatever their outcome.
 */
export function figuresOf(c: Campaign) {
  const p = c.progress;
  return {
    total: p.total,
    worked: Math.max(0, p.total - p.remaining),
    attempted: p.attempted,
    reached: p.reached,
    converted: p.converted,
    remaining: p.remaining,
    callbacks: p.callbacks,
    excludedTotal: Object.values(p.excluded).reduce((a, b) => a + b, 0),
  };
}

/** Which way the pause button goes; a list still being built can be neither paused nor resumed. */
export const toggledStatus = (c: Campaign): 'active' | 'paused' | null => (c.status === 'active' ? 'paused' : c.status === 'paused' ? 'active' : null);

/** The export's file name, as the server names it (the browser ignores the header for blob downloads). */
export const exportFileName = (c: Campaign, now = new Date()) =>
  `${c.name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'campaign'}-${now.toISOString().slice(0, 10)}.csv`;
