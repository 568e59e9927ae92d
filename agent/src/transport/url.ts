/** `ws(s)://host[:port][/path]` for the agent socket, from a ws(s) or http(s) base URL. */
export function agentSocketUrl(server: string): string {
  const url = new URL(server);
  if (url.protocol === 'http:') url.protocol = 'ws:';
  else if (url.protocol === 'https:') url.protocol = 'wss:';
  if (url.pathname === '/' || url.pathname === '') url.pathname = '/ws/agent';
  return url.toString();
}

/** `http(s)://host[:port]` for REST calls (enroll), from the same setting. */
export function httpBaseUrl(server: string): string {
  const url = new URL(server);
  if (url.protocol === 'ws:') url.protocol = 'http:';
  else if (url.protocol === 'wss:') url.protocol = 'https:';
  return url.origin;
}
