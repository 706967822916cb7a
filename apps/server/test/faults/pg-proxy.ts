import { connect, createServer, type Server, type Socket } from 'node:net';

/**
 * A TCP proxy between a server process and PostgreSQL, to make a database outage without
 * stopping the machine's PostgreSQL (other tests use it at the same time). `outage()` resets
 * every open connection and, until `back()`, resets each new one at once — to the server this is
 * PostgreSQL gone (connections cut, new ones refused); `back()` lets connections through again.
 * The proxy keeps listening on its port throughout, so nothing else can take the port meanwhile.
 */
export interface PgProxy {
  readonly port: number;
  /** the URL with the proxy in place of PostgreSQL's host and port */
  urlFor(databaseUrl: string): string;
  outage(): void;
  /**
   * PostgreSQL that hangs: open connections stop passing anything either way, new ones are
   * accepted and never answered — until `back()`, after which new connections go through (the
   * frozen ones stay silent until their client gives up on them).
   */
  freeze(): void;
  back(): void;
  close(): Promise<void>;
}

export async function startPgProxy(upstreamUrl: string): Promise<PgProxy> {
  const up = new URL(upstreamUrl);
  const upstream = { host: up.hostname, port: Number(up.port || 5432) };
  const open = new Set<Socket>();
  let down = false;
  let frozen = false;
  const pairs = new Set<{ client: Socket; pg: Socket }>();
  const silent = new Set<Socket>();
  const server: Server = createServer((client) => {
    if (down) {
      client.resetAndDestroy();
      return;
    }
    if (frozen) {
      // accepted, never answered
      silent.add(client);
      client.on('error', () => undefined).on('close', () => silent.delete(client));
      return;
    }
    const pg = connect(upstream);
    open.add(client);
    open.add(pg);
    const pair = { client, pg };
    pairs.add(pair);
    client.on('close', () => pairs.delete(pair));
    const end = () => {
      client.destroy();
      pg.destroy();
      open.delete(client);
      open.delete(pg);
    };
    client.on('error', end).on('close', end);
    pg.on('error', end).on('close', end);
    client.pipe(pg);
    pg.pipe(client);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    port,
    urlFor(databaseUrl) {
      const u = new URL(databaseUrl);
      u.hostname = '127.0.0.1';
      u.port = String(port);
      return u.toString();
    },
    outage() {
      down = true;
      for (const s of open) s.resetAndDestroy();
      open.clear();
    },
    freeze() {
      frozen = true;
      for (const { client, pg } of pairs) {
        client.unpipe(pg);
        pg.unpipe(client);
        client.pause();
        pg.pause();
      }
    },
    back() {
      down = false;
      frozen = false;
    },
    close() {
      for (const s of open) s.destroy();
      for (const s of silent) s.destroy();
      return new Promise((done) => server.close(() => done()));
    },
  };
}
