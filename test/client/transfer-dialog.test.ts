// @vitest-environment happy-dom
import { enableAutoUnmount } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useAnnouncerStore } from '@/agent/announcer.store';
import { applyLocale } from '@/i18n';
import InteractionView from '@/interactions/InteractionView.vue';
import TransferNotice from '@/interactions/TransferNotice.vue';
import { useInteractionsStore } from '@/interactions/interactions.store';
import { useTransferStore } from '@/interactions/transfer.store';
import { Interaction } from '@shared/schemas/interaction';
import { ids, interactionWire, pop } from './fixtures';
import { freshPinia, mountWith, settle, stubApi, type ApiCall } from './support';

enableAutoUnmount(afterEach);

const maria = { id: '6a0000000000000000000002', username: 'maria', displayName: 'Maria Ionescu', state: 'on-chat' };
const targets = (agents = [maria]) => ({ agents, queues: ['sales', 'service'] });

function mountCall() {
  const pinia = freshPinia();
  const interactions = useInteractionsStore();
  interactions.receivePop(pop());
  const view = mountWith(InteractionView, pinia, { props: { live: interactions.items[ids.call]! }, attachTo: document.body });
  const notice = mountWith(TransferNotice, pinia);
  return { view, notice, interactions, transfer: useTransferStore(), announcer: useAnnouncerStore() };
}

async function openDialog(view: ReturnType<typeof mountCall>['view']) {
  await view.get('[data-testid="transfer-open"]').trigger('click');
  await settle();
  const dialog = view.get('[data-testid="transfer-dialog"]');
  expect((dialog.element as HTMLDialogElement).open).toBe(true);
  return dialog;
}

describe('transferring from the interaction strip', () => {
  beforeEach(async () => {
    vi.unstubAllGlobals();
    await applyLocale('en');
  });

  it('lists the ready agents, sends the chosen agent and the note, and the call leaves the screen with a confirmation', async () => {
    const api = stubApi({
      'GET /api/interactions/:id/transfer-targets': () => targets(),
      'POST /api/interactions/:id/transfer': (c: ApiCall) => ({ interactionId: ids.call, toAgent: 'maria', ...(c.body as object) }),
    });
    const { view, notice, interactions, transfer, announcer } = mountCall();
    const dialog = await openDialog(view);

    // Labelled and described for assistive technology; the first field has the focus.
    expect(dialog.attributes('aria-labelledby')).toBe('transfer-dialog-title');
    expect(dialog.get('#transfer-dialog-title').text()).toBe('Transfer the call with Ioana Popescu');
    expect(document.activeElement).toBe(dialog.get('[data-testid="transfer-kind-agent"]').element);
    expect(dialog.findAll('[data-testid="transfer-agent"] option').map((o) => o.text())).toEqual(['Choose an agent', 'Maria Ionescu – On chat']);
    expect(dialog.get('[data-testid="transfer-confirm"]').attributes('disabled')).toBeDefined();

    await dialog.get('[data-testid="transfer-agent"]').setValue(maria.id);
    await dialog.get('[data-testid="transfer-note"]').setValue('  Wants a refund; verified by date of birth.  ');
    await dialog.get('form').trigger('submit');
    await settle();

    expect(api.find('POST', `/api/interactions/${ids.call}/transfer`).map((c) => c.body)).toEqual([{ agentId: maria.id, note: 'Wants a refund; verified by date of birth.' }]);
    expect(interactions.items[ids.call]).toBeUndefined();
    expect(transfer.forId).toBeNull();
    expect(announcer.message).toBe('Transferred to Maria Ionescu. It has left your screen.');
    expect(notice.get('[data-testid="transfer-notice"]').text()).toContain('Transferred to Maria Ionescu. It has left your screen.');
    await notice.get('[data-testid="transfer-notice-dismiss"]').trigger('click');
    expect(notice.find('[data-testid="transfer-notice"]').exists()).toBe(false);
  });

  it('saves the notes typed so far before transferring, so the next agent reads them', async () => {
    const api = stubApi({
      'GET /api/interactions/:id/transfer-targets': () => targets(),
      'PATCH /api/interactions/:id': (c: ApiCall) => interactionWire({ version: 4, notes: (c.body as { notes: string }).notes }),
      'POST /api/interactions/:id/transfer': () => ({ interactionId: ids.call, toQueue: 'sales' }),
    });
    const { view, interactions } = mountCall();
    interactions.setNotes(ids.call, 'Asked about the warranty.');
    const dialog = await openDialog(view);
    await dialog.get('[data-testid="transfer-kind-queue"]').setValue(true);
    await dialog.get('[data-testid="transfer-queue"]').setValue('sales');
    await dialog.get('form').trigger('submit');
    await settle();

    // The wrap-up's disposition codes load on their own: the transfer's requests, in order.
    const calls = api.calls.filter((c) => c.path.startsWith('/api/interactions/'));
    expect(calls.map((c) => `${c.method} ${c.path}`)).toEqual([
      `GET /api/interactions/${ids.call}/transfer-targets`,
      `PATCH /api/interactions/${ids.call}`,
      `POST /api/interactions/${ids.call}/transfer`,
    ]);
    expect(calls[1]!.body).toEqual({ notes: 'Asked about the warranty.' });
    expect(calls[2]!.body).toEqual({ queue: 'sales', note: '' });
  });

  it('words a refusal in the dialog and keeps the call on screen', async () => {
    stubApi({
      'GET /api/interactions/:id/transfer-targets': () => targets(),
      'POST /api/interactions/:id/transfer': () => ({ status: 409, body: { error: { code: 'AGENT_NOT_AVAILABLE', message: 'this agent is not logged in and ready' } } }),
    });
    const { view, interactions } = mountCall();
    const dialog = await openDialog(view);
    await dialog.get('[data-testid="transfer-agent"]').setValue(maria.id);
    await dialog.get('form').trigger('submit');
    await settle();

    expect(dialog.get('[data-testid="transfer-error"]').text()).toBe('This agent is no longer ready. Choose another agent or a queue.');
    expect(dialog.get('[data-testid="transfer-error"]').attributes('role')).toBe('alert');
    expect(interactions.items[ids.call]).toBeDefined();
    expect((dialog.element as HTMLDialogElement).open).toBe(true);
  });

  it('offers the queue, preset to the call’s own, when no other agent is ready', async () => {
    stubApi({ 'GET /api/interactions/:id/transfer-targets': () => targets([]) });
    const { view } = mountCall();
    const dialog = await openDialog(view);
    expect((dialog.get('[data-testid="transfer-kind-queue"]').element as HTMLInputElement).checked).toBe(true);
    expect((dialog.get('[data-testid="transfer-queue"]').element as HTMLSelectElement).value).toBe('service');
    await dialog.get('[data-testid="transfer-kind-agent"]').setValue(true);
    expect(dialog.get('[data-testid="transfer-no-agents"]').text()).toContain('No other agent who takes this queue is ready now');
  });

  it('keeps Tab inside the dialog, and gives the focus back to Transfer when cancelled', async () => {
    stubApi({ 'GET /api/interactions/:id/transfer-targets': () => targets() });
    const { view, transfer } = mountCall();
    const dialog = await openDialog(view);
    const cancel = dialog.get('[data-testid="transfer-cancel"]');
    // From the last enabled control (Cancel: Transfer is disabled until a choice), Tab wraps to the first.
    (cancel.element as HTMLElement).focus();
    await dialog.trigger('keydown', { key: 'Tab' });
    expect(document.activeElement).toBe(dialog.get('[data-testid="transfer-kind-agent"]').element);

    await cancel.trigger('click');
    await settle();
    expect((dialog.element as HTMLDialogElement).open).toBe(false);
    expect(transfer.forId).toBeNull();
    expect(document.activeElement).toBe(view.get('[data-testid="transfer-open"]').element);
  });

  it('drops an interaction the server says was transferred from another of the agent’s screens', async () => {
    stubApi({});
    const { interactions, announcer } = mountCall();
    interactions.applyUpdate(Interaction.parse(interactionWire({ version: 5, agentId: null })));
    await settle();
    expect(interactions.items[ids.call]).toBeUndefined();
    expect(announcer.message).toBe('The interaction with Ioana Popescu was transferred and has left your screen.');
  });

  it('speaks Persian', async () => {
    await applyLocale('fa');
    stubApi({ 'GET /api/interactions/:id/transfer-targets': () => targets() });
    const { view } = mountCall();
    expect(view.get('[data-testid="transfer-open"]').text()).toBe('انتقال');
    const dialog = await openDialog(view);
    expect(dialog.get('#transfer-dialog-title').text()).toBe('انتقال تماس با Ioana Popescu');
  });
});
