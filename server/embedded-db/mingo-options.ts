import type { Options } from 'mingo/types';

/**
 * Server-side JavaScript ($where, $function, $accumulator) is refused: a query must never run code
 * supplied by a client.
 */
export const QUERY_OPTIONS: Partial<Options> = { scriptEnabled: false };
