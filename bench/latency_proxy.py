#!/usr/bin/python3
# SPDX-License-Identifier: MIT
# A TCP proxy in front of PostgreSQL that delays every byte by half a round-trip time each way
# (the kernel's netem is not available on these machines), and counts round trips.
"""usage: latency_proxy.py LISTEN_PORT UPSTREAM RTT_MS [--stats FILE]

Listens on 127.0.0.1:LISTEN_PORT (0: any free port) and prints the port, then forwards each connection to UPSTREAM: a unix socket path
(PostgreSQL's /dir/.s.PGSQL.5432) or HOST:PORT. Data in either direction is held RTT_MS / 2
milliseconds, in order, so a request and its answer cost RTT_MS together; data keeps flowing
meanwhile (a pipeline is not slowed by more than one round trip).

A round trip ("turn") is counted when the client sends after the server has sent something:
a client that waits for each answer makes one turn per request, a pipelining one a single turn
for everything it sends in one go. With --stats, each connection that closes appends a line
"turns N" to FILE.
"""
import asyncio
import sys


class Connection:
    def __init__(self):
        self.turns = 0
        self.server_spoke = True  # the first client bytes are a turn


async def pump(reader, writer, delay, on_data):
    """Copies reader to writer, each chunk `delay` seconds after it came, in order."""
    loop = asyncio.get_running_loop()
    last = 0.0

    def later(action):
        # Timers of equal time may run in any order: each one is strictly after the one before.
        nonlocal last
        last = max(loop.time() + delay, last + 1e-6)
        loop.call_at(last, action)

    def send(chunk):
        if not writer.is_closing():
            writer.write(chunk)

    while True:
        try:
            chunk = await reader.read(65536)
        except ConnectionError:
            break
        if not chunk:
            break
        on_data()
        if delay > 0:
            later(lambda chunk=chunk: send(chunk))
        else:
            send(chunk)
    closed = loop.create_future()

    def close():
        writer.close()
        closed.set_result(None)

    later(close)
    await closed


async def serve(listen_port, upstream, delay, stats):
    async def handle(client_reader, client_writer):
        if upstream.startswith("/"):
            server_reader, server_writer = await asyncio.open_unix_connection(upstream)
        else:
            host, port = upstream.rsplit(":", 1)
            server_reader, server_writer = await asyncio.open_connection(host, int(port))
        connection = Connection()

        def client_sent():
            if connection.server_spoke:
                connection.turns += 1
                connection.server_spoke = False

        def server_sent():
            connection.server_spoke = True

        await asyncio.gather(pump(client_reader, server_writer, delay, client_sent),
                             pump(server_reader, client_writer, delay, server_sent))
        if stats:
            with open(stats, "a", encoding="utf-8") as out:
                out.write("turns %d\n" % connection.turns)

    server = await asyncio.start_server(handle, "127.0.0.1", listen_port)
    print(server.sockets[0].getsockname()[1], flush=True)  # the port, when 0 asked for any
    async with server:
        await server.serve_forever()


def main(argv):
    args = argv[1:]
    stats = None
    if "--stats" in args:
        at = args.index("--stats")
        stats = args[at + 1]
        del args[at:at + 2]
    if len(args) != 3:
        sys.stderr.write(__doc__)
        return 2
    asyncio.run(serve(int(args[0]), args[1], float(args[2]) / 2000.0, stats))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
