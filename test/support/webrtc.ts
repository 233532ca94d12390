import type { Browser, Page } from 'playwright-core';

/**
 * A page logged in as `username` whose every RTCPeerConnection is kept where the test can read its
 * statistics (an init script wraps the constructor before the console's scripts run).
 */
export async function pageWithPeerConnections(browser: Browser, base: string, username: string, viewport: { width: number; height: number }): Promise<Page> {
  const context = await browser.newContext({ viewport });
  await context.addInitScript(() => {
    const Original = window.RTCPeerConnection;
    const made: RTCPeerConnection[] = [];
    (window as unknown as { peerConnections: RTCPeerConnection[] }).peerConnections = made;
    window.RTCPeerConnection = class extends Original {
      constructor(config?: RTCConfiguration) {
        super(config);
        made.push(this);
      }
    };
  });
  const page = await context.newPage();
  await page.goto(base);
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill('demo');
  await page.getByTestId('login-submit').click();
  return page;
}

/** Audio RTP packets the page's peer connections have sent and received so far (WebRTC statistics). */
export const audioPackets = (page: Page) =>
  page.evaluate(async () => {
    let sent = 0;
    let received = 0;
    for (const pc of (window as unknown as { peerConnections: RTCPeerConnection[] }).peerConnections) {
      (await pc.getStats()).forEach((r: { type: string; kind?: string; packetsSent?: number; packetsReceived?: number }) => {
        if (r.type === 'outbound-rtp' && r.kind === 'audio') sent += r.packetsSent ?? 0;
        if (r.type === 'inbound-rtp' && r.kind === 'audio') received += r.packetsReceived ?? 0;
      });
    }
    return { sent, received };
  });
