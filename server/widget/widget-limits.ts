import type { Limit } from '../security/rate-limit.js';

/**
 * The website visitors' own limits (a public namespace: anyone on the internet can open it). Events
 * over a limit are refused with RATE_LIMITED in their acknowledgement and logged; a socket that keeps
 * going past them is cut.
 */
export interface WidgetLimits {
  /** New visitor connections per client IP. */
  connectionsPerIp: Limit;
  /** Messages per visitor (all their tabs together). */
  messagesPerVisitor: Limit;
  /** Typing and read marks per socket. */
  typingPerSocket: Limit;
  /** Every other event per socket (start, end, rating, callback request). */
  eventsPerSocket: Limit;
  /** Refused events a socket may send within `duration` before it is cut. */
  strikes: Limit;
  /** The widget's HTTP routes (transcript) per client IP. */
  httpPerIp: Limit;
}

export interface WidgetConfig {
  /** Demo mode: the demo shop's allowed origins (`WIDGET_ORIGINS`). */
  demoOrigins: string[];
  limits: WidgetLimits;
  /**
   * A chat whose visitor has had no page open this long is ended (agents have no end button for a
   * platform's chats, and a visitor who just leaves would hold the agent's chat capacity forever).
   */
  idleEndMs: number;
}

export function defaultWidgetLimits(): WidgetLimits {
  return {
    connectionsPerIp: { points: 20, duration: 60 },
    messagesPerVisitor: { points: 10, duration: 10 },
    typingPerSocket: { points: 5, duration: 1 },
    eventsPerSocket: { points: 10, duration: 10 },
    strikes: { points: 30, duration: 10 },
    httpPerIp: { points: 60, duration: 60 },
  };
}
