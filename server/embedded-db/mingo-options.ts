import { Context, Query } from 'mingo';
import { Aggregator } from 'mingo/aggregator';
import { Query as BaseQuery } from 'mingo/query';
import * as accumulatorOps from 'mingo/operators/accumulator';
import * as expressionOps from 'mingo/operators/expression';
import * as pipelineOps from 'mingo/operators/pipeline';
import * as projectionOps from 'mingo/operators/projection';
import * as queryOps from 'mingo/operators/query';
import * as windowOps from 'mingo/operators/window';
import type { Options } from 'mingo/types';
import { FIDELITY_QUERY_OPS, usesOwnOperators } from './filter.js';
import { jsonSchemaValidator } from './json-schema.js';
import { LIST_QUERY_OPS } from './list-ops.js';
import { ZONED_DATE_OPS } from './zoned-dates.js';

/**
 * Server-side JavaScript ($where, $function, $accumulator) is refused: a query must never run code
 * supplied by a client.
 */
export const QUERY_OPTIONS: Partial<Options> = {
  scriptEnabled: false,
  jsonSchemaValidator: jsonSchemaValidator as never,
};

/**
 * mingo's operators plus ours (filter.ts), in one context. Queries that use ours are built with
 * mingo's base Query class and this context: mingo's exported Query merges any extra context into
 * its own on every construction, which cost six times a plain query (260 µs against 40 µs), and
 * the claims build a query per call.
 */
const FULL_CONTEXT = Context.init({
  query: { ...queryOps, ...FIDELITY_QUERY_OPS, ...LIST_QUERY_OPS } as never,
  projection: projectionOps as never,
  expression: expressionOps as never,
  accumulator: accumulatorOps as never,
  pipeline: pipelineOps as never,
  window: windowOps as never,
});

/**
 * mingo's operators, our query operators (filter.ts) and date operators that take any time zone
 * (zoned-dates.ts), for aggregations. Ours must replace mingo's `$dateToString` & co.: mingo's exported
 * Aggregator puts its own operators first, so aggregations use its base class with this whole context.
 */
const AGGREGATE_CONTEXT = Context.init({
  query: { ...queryOps, ...FIDELITY_QUERY_OPS, ...LIST_QUERY_OPS } as never,
  projection: projectionOps as never,
  expression: { ...expressionOps, ...ZONED_DATE_OPS } as never,
  accumulator: accumulatorOps as never,
  pipeline: pipelineOps as never,
  window: windowOps as never,
});

export const AGGREGATE_OPTIONS: Partial<Options> = { ...QUERY_OPTIONS, context: AGGREGATE_CONTEXT };

/** An aggregation pipeline over documents, with AGGREGATE_OPTIONS' operators. */
export function newAggregator(stages: object[], options: Partial<Options> = AGGREGATE_OPTIONS): Aggregator {
  return new Aggregator(stages as never, { ...options, context: AGGREGATE_CONTEXT } as Options);
}

/** A mingo query for a prepared filter (filter.ts), with our operators when it uses them. */
export function newQuery(filter: object, extra?: Partial<Options>): Query {
  if (usesOwnOperators(filter)) return new BaseQuery(filter, { ...QUERY_OPTIONS, ...extra, context: FULL_CONTEXT } as Options) as Query;
  return new Query(filter, extra ? { ...QUERY_OPTIONS, ...extra } : QUERY_OPTIONS);
}

/**
 * One query with no condition, kept for projections: every `new Query` copies mingo's whole operator
 * table, which showed up in profiles as a tenth of the database's time.
 */
export const PROJECTOR = new Query({}, QUERY_OPTIONS);
