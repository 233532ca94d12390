import { ref } from 'vue';

export type AlertPermission = NotificationPermission | 'unsupported';

function current(): AlertPermission {
  return typeof Notification === 'function' ? Notification.permission : 'unsupported';
}

/** Whether desktop alerts may be shown: asked once, from the agent's own click (browsers require it). */
export const alertPermission = ref<AlertPermission>(current());

/** Asks the browser for permission; must run inside a click handler. */
export async function askForDesktopAlerts(): Promise<AlertPermission> {
  if (typeof Notification !== 'function') return (alertPermission.value = 'unsupported');
  alertPermission.value = await Notification.requestPermission();
  return alertPermission.value;
}

/** A desktop alert is due only when the console's tab is hidden and the agent allowed alerts. */
export function shouldAlert(hidden: boolean, permission: AlertPermission): boolean {
  return hidden && permission === 'granted';
}

/**
 * Shows a desktop alert for a pop while the console's tab is hidden; clicking it brings the tab
 * forward and runs `onClick` (which shows the interaction). Returns whether an alert was shown.
 */
export function alertIfHidden(title: string, body: string, tag: string, onClick: () => void): boolean {
  alertPermission.value = current();
  if (!shouldAlert(document.hidden, alertPermission.value)) return false;
  try {
    const alert = new Notification(title, { body, tag });
    alert.onclick = () => {
      window.focus();
      onClick();
      alert.close();
    };
    return true;
  } catch {
    // Some browsers allow alerts only from a service worker: the sound and the tab's title remain.
    return false;
  }
}
