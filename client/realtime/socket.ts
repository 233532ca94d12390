import { io } from 'socket.io-client';
import { Campaign } from '@shared/schemas/campaign';
import { ChatMessage, Interaction, ScreenPop } from '@shared/schemas/interaction';
import { useAgentStore } from '@/agent/agent.store';
import { useAuthStore } from '@/auth/auth.store';
import { registerCallbackListeners } from '@/callbacks/callbacks.store';
import { useCampaignsStore } from '@/campaigns/campaigns.store';
import { useChatStore } from '@/chat/chat.store';
import { useCustomersStore } from '@/customers/customers.store';
import { useInteractionsStore } from '@/interactions/interactions.store';
import { translate } from '@/i18n';
import { usePresenceStore } from '@/presence/presence.store';
import { getSocket, setSocket, type ConsoleSocket } from './client';
import { useConnectionStore } from './connection.store';
import { registerSupervisionListeners } from './supervision';
import { ImportProgress } from '@shared/schemas/imports';
import { useImportsStore } from '@/imports/imports.store';

/**
 * Wires every server event into its store. Payloads are parsed with the shared schemas first, so
 * stores see the same types (dates as `Date`) as HTTP answers give them.
 */
export function registerListeners(socket: ConsoleSocket): void {
  const connection = useConnectionStore();
  const interactions = useInteractionsStore();
  const chat = useChatStore();
  const agent = useAgentStore();
  const auth = useAuthStore();

  const presence = usePresenceStore();
  const customers = useCustomersStore();
  let connectedBefore = false;
  socket.on('connect', () => {
    connection.set('connected');
    // The server forgets a dropped socket: tell it again which pictures are open, and after a drop
    // refetch them, since changes made meanwhile were not pushed to us (pops are re-sent by the server).
    presence.announceAll();
    if (connectedBefore) for (const id of presence.openIds()) void customers.load(id, { force: true });
    // The not-ready reasons agents pick from (and the floor shows): an admin may have changed them.
    if (!agent.reasons.length || connectedBefore) void agent.loadReasons();
    connectedBefore = true;
  });
  socket.on('presence:changed', (change) => presence.apply(change));
  socket.on('disconnect', (reason) => {
    // The server closed us (a restart or deploy; a logout elsewhere or a disabled user too): Socket.IO
    // never retries that by itself, and a console left offline takes no calls. Retry while logged in;
    // a revoked token is then refused (connect_error below) and the agent is sent to log in.
    if (reason === 'io server disconnect' && auth.isLoggedIn) {
      connection.set('reconnecting');
      reconnectSoon(socket);
      return;
    }
    // After our own disconnect the socket stays down; otherwise it retries by itself.
    connection.set(socket.active ? 'reconnecting' : 'disconnected');
  });
  socket.io.on('reconnect_attempt', () => connection.set('reconnecting'));
  socket.on('connect_error', (err) => {
    // An inactive socket after an error means the server refused us (bad or expired token): no retry will help.
    if (!socket.active) auth.logout(translate('realtime.refused', { reason: err.message }));
    else connection.set('reconnecting');
  });

  socket.on('screen-pop', (raw, ack) => {
    const pop = ScreenPop.safeParse(raw);
    if (!pop.success) {
      console.error('Unreadable screen pop', pop.error);
      ack?.(false);
      return;
    }
    interactions.receivePop(pop.data);
    // Only now is the pop in the store: the server may count it as delivered.
    ack?.(true);
  });

  socket.on('interaction:updated', (raw) => {
    const interaction = Interaction.safeParse(raw);
    if (interaction.success) interactions.applyUpdate(interaction.data);
    else console.error('Unreadable interaction update', interaction.error);
  });

  socket.on('chat:message', (raw) => {
    const message = ChatMessage.safeParse(raw?.message);
    if (message.success && typeof raw.interactionId === 'string') chat.receive(raw.interactionId, message.data);
    else console.error('Unreadable chat message', raw);
  });
  chat.listen(socket);

  socket.on('agent:state-changed', (status) => agent.applyStatus(status));

  const imports = useImportsStore();
  socket.on('job:progress', (raw) => {
    const progress = ImportProgress.safeParse(raw);
    if (progress.success) imports.applyProgress(progress.data);
    else console.error('Unreadable job progress', progress.error);
  });

  const campaigns = useCampaignsStore();
  socket.on('campaign:changed', (raw) => {
    const campaign = Campaign.safeParse(raw);
    if (campaign.success) campaigns.apply(campaign.data);
    else console.error('Unreadable campaign update', campaign.error);
  });

  registerSupervisionListeners(socket);
  registerCallbackListeners(socket);
}

/** Opens the socket for a logged-in agent, replacing any previous one. */
export function connect(token: string, opts: { fresh?: boolean } = {}): ConsoleSocket {
  disconnect();
  const auth: { token: string; fresh?: boolean } = { token, fresh: opts.fresh };
  const socket: ConsoleSocket = io({ auth, autoConnect: false });
  // Only the first connection of a login is fresh; reconnects keep the agent's state.
  socket.on('connect', () => delete auth.fresh);
  registerListeners(socket);
  setSocket(socket);
  useConnectionStore().set('connecting');
  socket.connect();
  return socket;
}

let retry: ReturnType<typeof setTimeout> | undefined;
/**
 * Reconnects after the server closed the socket, after a short random delay (a restarted server is
 * not met by every console at once); Socket.IO's own back-off takes over if it is still away.
 */
function reconnectSoon(socket: ConsoleSocket): void {
  clearTimeout(retry);
  retry = setTimeout(() => socket.connect(), 300 + Math.random() * 1200);
}

export function disconnect(): void {
  clearTimeout(retry);
  const socket = getSocket();
  if (!socket) return;
  socket.removeAllListeners();
  socket.io.removeAllListeners();
  socket.disconnect();
  setSocket(null);
  useConnectionStore().set('disconnected');
}
