import WebSocket from 'ws';

/**
 * A console client on /ws/console. For each `station` message it records
 * receive time − station.lastSeenAt (the server's receipt time of that station's last frame;
 * same machine, same clock) while `measuring`; it also keeps every `incident` message.
 */
export async function watchConsole(url, cookie) {
  const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/ws/console`, { headers: { cookie } });
  const latencies = [];
  // The two halves of each latency: server side (flush serverTime − lastSeenAt: coalescing and
  // event-loop lag) and delivery (receive − serverTime: socket, and this client's own lag).
  const serverSide = [];
  const delivery = [];
  const incidents = [];
  let snapshotStations = null;
  let stationMessages = 0;
  let measuring = false;
  const seen = new Map();
  ws.on('message', (data) => {
    const at = Date.now();
    const msg = JSON.parse(data.toString());
    if (msg.type === 'snapshot') snapshotStations = msg.stations.length;
    else if (msg.type === 'station') {
      stationMessages += 1;
      const { id, lastSeenAt } = msg.station;
      // Presence changes resend an old lastSeenAt: count each receipt once.
      if (measuring && lastSeenAt !== null && seen.get(id) !== lastSeenAt) {
        latencies.push(at - lastSeenAt);
        serverSide.push(msg.serverTime - lastSeenAt);
        delivery.push(at - msg.serverTime);
      }
      seen.set(id, lastSeenAt);
    } else if (msg.type === 'incident') incidents.push({ receivedAt: at, ...msg });
  });
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  return {
    startMeasuring() {
      measuring = true;
    },
    stopMeasuring() {
      measuring = false;
    },
    latencies: () => latencies,
    serverSide: () => serverSide,
    delivery: () => delivery,
    incidents: () => incidents,
    counts: () => ({ snapshotStations, stationMessages }),
    close: () => ws.close(),
  };
}
