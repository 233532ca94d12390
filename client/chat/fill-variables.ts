/** What a canned reply's variables are filled from: the chat's customer (when known) and the agent. */
export interface VariableValues {
  customer?: { firstName?: string; lastName?: string; name?: string } | null;
  agent?: { name?: string } | null;
}

/**
 * A canned reply's text with its variables filled (shared/schemas/canned-replies.ts lists them):
 * `{customer.firstName}`, `{customer.lastName}`, `{customer.name}`, `{agent.name}`. A variable whose
 * value is unknown here (an unidentified visitor) or that the console does not know stays as written,
 * so the agent sees the gap before sending rather than a silent blank.
 */
export function fillVariables(text: string, { customer, agent }: VariableValues): string {
  const values: Record<string, string | undefined> = {
    'customer.firstName': customer?.firstName,
    'customer.lastName': customer?.lastName,
    'customer.name': customer?.name ?? ([customer?.firstName, customer?.lastName].filter(Boolean).join(' ') || undefined),
    'agent.name': agent?.name,
  };
  return text.replace(/\{\s*([\w.]+)\s*\}/g, (written, name: string) => {
    const value = values[name]?.trim();
    return value ? value : written;
  });
}

/** The `/shortcut` being typed at the start of the composer, or null when the text is not one. */
export function slashQuery(draft: string): string | null {
  const m = /^\/([\p{L}\p{N}-]*)$/u.exec(draft);
  return m ? m[1]! : null;
}
