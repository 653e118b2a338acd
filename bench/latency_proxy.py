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
import time


class Connection:
    def __init__(self):
        self.turns = 0
        self.server_spoke = True  # the first client bytes are a turn


async def pump(reader, writer, delay, on_data):
    queue = asyncio.Queue()

    async def deliver():
        while True:
            due, chunk = await queue.get()
            if chunk is None:
                break
            wait = due - time.monotonic()
            if wait > 0:
                await asyncio.sleep(wait)
            writer.write(chunk)
            await writer.drain()
        writer.close()

    sender = asyncio.ensure_future(deliver())
    try:
        while True:
            chunk = await reader.read(65536)
            if not chunk:
                break
            on_data()
            queue.put_nowait((time.monotonic() + delay, chunk))
    except ConnectionError:
        pass
    queue.put_nowait((0, None))
    try:
        await sender
    except ConnectionError:
        pass


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
