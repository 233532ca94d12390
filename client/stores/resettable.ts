import { getStores, type Pinia, type PiniaPluginContext, type StateTree } from 'pinia';
import { toRaw } from 'vue';

/**
 * Copies a state value deeply so the recorded initial state is never mutated by later use. A value that
 * cannot be cloned (a function, a DOM node) is kept as it is rather than breaking the store's creation.
 */
function copy<T>(value: T): T {
  try {
    return structuredClone(toRaw(value));
  } catch {
    return value;
  }
}

function snapshot(state: StateTree): StateTree {
  const out: StateTree = {};
  for (const [key, value] of Object.entries(state)) out[key] = copy(value);
  return out;
}

/**
 * Gives every setup store a working `$reset`: Pinia cannot know a setup store's initial state, so this
 * records it when the store is created. `$reset` first runs the store's own `reset()` if it has one,
 * because only the store can release what lives outside its state (timers, caches in its closure), then
 * puts every state key back to its initial value, so a key a hand-written reset forgets is reset anyway.
 */
export function resettable({ store }: PiniaPluginContext) {
  const initial = snapshot(store.$state);
  const ownReset = typeof store.reset === 'function' ? (store.reset as () => void) : null;
  return {
    $reset() {
      ownReset?.();
      store.$patch((state) => {
        for (const [key, value] of Object.entries(initial)) state[key] = copy(value);
      });
    },
  };
}

/**
 * Resets every store the app has created, so the next user of the same tab starts from nothing. Stores
 * not created yet have nothing to forget. `keep` names stores that own the session itself (auth).
 */
export function resetAllStores(pinia: Pinia, keep: readonly string[] = []): void {
  for (const store of getStores(pinia)) if (!keep.includes(store.$id)) store.$reset();
}
