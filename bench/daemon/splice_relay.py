#!/usr/bin/env python3
"""A splice(2) relay: each connection to the unix socket LISTEN is joined to the unix socket
TARGET, its bytes moved through pipes inside the kernel, both ways. bench/daemon/run.sh puts it
between the docker CLI and the engine to measure what proxying an exec's stream through a
daemon would cost, against handing the client the engine's connection (docs/decisions.md).
Usage: splice_relay.py LISTEN TARGET"""
import os
import select
import socket
import sys
import threading

CHUNK = 1 << 20


def pump(source, sink):
    read_end, write_end = os.pipe()
    readable = select.poll()
    readable.register(source.fileno(), select.POLLIN)
    try:
        while True:
            # splice from a unix socket with nothing to read yet returns 0, like an end of
            # stream: wait until there is something (or a real end) first.
            readable.poll()
            moved = os.splice(source.fileno(), write_end, CHUNK)
            if moved == 0:
                break
            while moved:
                moved -= os.splice(read_end, sink.fileno(), moved)
    except OSError:
        pass
    finally:
        try:
            sink.shutdown(socket.SHUT_WR)
        except OSError:
            pass
        os.close(read_end)
        os.close(write_end)


def relay(client, target):
    upstream = socket.socket(socket.AF_UNIX)
    upstream.connect(target)
    ways = [threading.Thread(target=pump, args=pair) for pair in ((client, upstream), (upstream, client))]
    for way in ways:
        way.start()
    for way in ways:
        way.join()
    client.close()
    upstream.close()


def main():
    listen, target = sys.argv[1], sys.argv[2]
    server = socket.socket(socket.AF_UNIX)
    server.bind(listen)
    server.listen(64)
    while True:
        client, _ = server.accept()
        threading.Thread(target=relay, args=(client, target), daemon=True).start()


if __name__ == "__main__":
    main()
