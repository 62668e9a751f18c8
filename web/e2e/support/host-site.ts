/**
 * Another site on a local port: an organizer's own page that embeds an event with widget.js. One
 * server answers on two origins (http://localhost:<port> and http://127.0.0.1:<port>), so a test
 * can allow one of them and see the other refused.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface HostSite {
  /** http://localhost:<port> */
  localhostOrigin: string;
  /** http://127.0.0.1:<port> */
  ipOrigin: string;
  stop: () => Promise<void>;
}

function escapeAttribute(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}

/** Serves `/` with `<iatichet-event event-id>` and the widget script from `ticketingUrl`. */
export async function startHostSite(ticketingUrl: string, eventId: string): Promise<HostSite> {
  const page = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><link rel="icon" href="data:,"><title>Open-air in the park</title></head>
<body>
<main>
<h1>Open-air in the park</h1>
<p>Two stages and twelve bands. Tickets:</p>
<iatichet-event event-id="${escapeAttribute(eventId)}"></iatichet-event>
</main>
<script src="${escapeAttribute(ticketingUrl)}/widget.js" async></script>
</body>
</html>
`;
  const server: Server = createServer((request, response) => {
    if (request.url !== '/') {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page);
  });
  // Every address of this host, so that both localhost and 127.0.0.1 reach it.
  await new Promise<void>((resolve) => server.listen(0, resolve));
  const { port } = server.address() as AddressInfo;
  return {
    localhostOrigin: `http://localhost:${port}`,
    ipOrigin: `http://127.0.0.1:${port}`,
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
