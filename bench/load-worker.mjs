// Load generator for the submit benchmark, in its own thread so that the client's work does not
// share the server's event loop. Plain JS: worker threads do not inherit the TypeScript loader.
import { Agent, request } from 'node:http';
import { parentPort, workerData } from 'node:worker_threads';

const { port, path, sessions, withAuth, connections, seconds } = workerData;
const agent = new Agent({ keepAlive: true, maxSockets: connections });
const pick = (i) => sessions[i % sessions.length];
const bodyOf = (i) =>
  JSON.stringify({
    title: `路灯损坏第${i}号`,
    content: '村口到小学的路灯坏了三个月，晚上孩子放学很不安全，希望尽快修复',
    channel: 'station_reception',
    categoryCode: 'infrastructure',
    regionCode: pick(i).village,
    collectorKind: 'staff',
    constituent: { name: '张三', phone: '13812345678', anonymous: false },
  });

const latencies = [];
let errors = 0;
let sent = 0;
const until = performance.now() + seconds * 1000;
const one = (i) =>
  new Promise((resolve, reject) => {
    const payload = bodyOf(i);
    const auth = withAuth ? { cookie: pick(i).cookie, 'x-csrf-token': pick(i).csrf } : {};
    const req = request(
      { agent, host: '127.0.0.1', port, path, method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload), ...auth } },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
const worker = async () => {
  while (performance.now() < until) {
    const i = sent++;
    const t0 = performance.now();
    try {
      const status = await one(i);
      if (status >= 200 && status < 300) latencies.push(performance.now() - t0);
      else errors++;
    } catch {
      errors++;
    }
  }
};
const started = performance.now();
await Promise.all(Array.from({ length: connections }, worker));
const elapsed = (performance.now() - started) / 1000;
agent.destroy();
parentPort.postMessage({ latencies, errors, elapsed });
