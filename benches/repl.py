#!/usr/bin/env python3
"""benches/repl.py — the REPL's figures for issue 18: first-row latency, Ctrl-C while printing,
and peak memory, measured through the real binary as a person at a terminal meets them.

usage: benches/repl.py [--rounds N] BINARY SNAPSHOT [SNAPSHOT...]

For each snapshot (made with `basis gen`, e.g. `basis gen --orgs 2500 --flows 1000000
--seed 1 -o 1m.basis`):

  - first row: `basis repl --no-pager` runs in a pseudo-terminal of 200 x 50; the time from
    the Enter that ends `flows;` to the first table row on the screen, and to the prompt
    after the result (the rest counted);
  - Ctrl-C: after `.format csv`, `flows;` streams every flow to the terminal; one second
    in, Ctrl-C is sent; the time until the prompt is back;
  - memory and time: peak resident set and wall time (`/usr/bin/time -v`) of `basis repl` in
    script mode running `flows`; `.maxrows 5` then `flows`; and
    `recipients where party.type = police`, output to /dev/null (the issue's three cases).

Prints a Markdown report: the median of N rounds (default 5) of each, and the machine.
Needs Python 3 (pty) and GNU time; Linux only. Not run by `cargo test`: speed lives here
and in BENCHMARKS.md, never in a timed test.
"""

import argparse
import os
import platform
import pty
import select
import signal
import statistics
import struct
import subprocess
import tempfile
import termios
import fcntl
import time


class Pty:
    """A child in a pseudo-terminal whose output is read as it comes, with timestamps."""

    def __init__(self, argv, cols=200, rows=50, env=None):
        self.pid, self.fd = pty.fork()
        if self.pid == 0:
            e = dict(os.environ)
            e.update(env or {})
            os.execvpe(argv[0], argv, e)
        fcntl.ioctl(self.fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        self.buf = b""

    def send(self, text):
        os.write(self.fd, text.encode())

    def wait_for(self, needle, timeout=600.0, start=None):
        """Reads until `needle` appears after byte `start`; returns the time it was seen."""
        needle = needle.encode()
        start = len(self.buf) if start is None else start
        end = time.monotonic() + timeout
        while True:
            i = self.buf.find(needle, start)
            if i >= 0:
                return time.monotonic(), i + len(needle)
            left = end - time.monotonic()
            if left <= 0:
                raise TimeoutError(needle)
            r, _, _ = select.select([self.fd], [], [], min(left, 0.05))
            if r:
                try:
                    chunk = os.read(self.fd, 1 << 16)
                except OSError:
                    raise EOFError(needle)
                self.buf += chunk

    def close(self):
        try:
            os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
        except OSError:
            pass
        os.close(self.fd)


def first_row_and_ctrl_c(binary, snapshot, rounds):
    """Per round: (first row s, whole result s, Ctrl-C to prompt s); and the load time."""
    history = tempfile.NamedTemporaryFile(delete=False)
    env = {"NO_COLOR": "1", "TERM": "xterm", "BASIS_HISTORY": history.name}
    t0 = time.monotonic()
    p = Pty([binary, "--no-pager", "repl", "--data", snapshot], env=env)
    try:
        t, mark = p.wait_for("basis> ", start=0)
        load = t - t0
        firsts, wholes, stops = [], [], []
        for _ in range(rounds):
            mark = len(p.buf)
            p.send("flows;\r")
            sent = time.monotonic()
            # The first data row: the line under the heading's rule.
            _, at = p.wait_for("\u2561", start=mark)  # ╡, end of the heading's rule
            first, at = p.wait_for("\u2502 ", start=at)  # │, a row
            firsts.append(first - sent)
            done, at = p.wait_for("(showing the first", start=at)
            wholes.append(done - sent)
            p.wait_for("basis> ", start=at)
        mark = len(p.buf)
        p.send(".format csv\r")
        _, mark = p.wait_for("basis> ", start=mark)
        for _ in range(rounds):
            mark = len(p.buf)
            p.send("flows;\r")
            _, at = p.wait_for("org,service,", start=mark)
            # Let it stream for a second, reading all the while.
            end = time.monotonic() + 1.0
            while time.monotonic() < end:
                try:
                    p.wait_for("\x00never\x00", timeout=end - time.monotonic())
                except TimeoutError:
                    pass
            mark = len(p.buf)
            p.send("\x03")
            sent = time.monotonic()
            back, _ = p.wait_for("basis> ", start=mark)
            stops.append(back - sent)
        return load, firsts, wholes, stops
    finally:
        p.close()
        os.unlink(history.name)


def script_run(binary, snapshot, script):
    """(peak resident memory in MB, wall seconds) of `basis repl` running `script` from a
    pipe, loading included."""
    t0 = time.monotonic()
    out = subprocess.run(
        ["/usr/bin/time", "-v", binary, "repl", "--data", snapshot],
        input=script.encode(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        check=False,
    ).stderr.decode()
    wall = time.monotonic() - t0
    for line in out.splitlines():
        if "Maximum resident set size" in line:
            return int(line.split(":")[1]) / 1024.0, wall
    raise RuntimeError(out)


def ms(xs):
    return f"{statistics.median(xs) * 1000:.0f} ms"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("binary")
    ap.add_argument("snapshots", nargs="+")
    a = ap.parse_args()
    print(f"machine: {platform.node()}, {os.cpu_count()} cores, {platform.platform()}; "
          f"load before: {os.getloadavg()[0]:.2f}")
    print()
    print("| snapshot | load | first row of `flows` | whole result | Ctrl-C → prompt |")
    print("|---|---:|---:|---:|---:|")
    scripts = [
        ("`flows`", "flows\n"),
        ("`.maxrows 5`, `flows`", ".maxrows 5\nflows\n"),
        ("`recipients where party.type = police`", "recipients where party.type = police\n"),
    ]
    memory = []
    for snap in a.snapshots:
        load, firsts, wholes, stops = first_row_and_ctrl_c(a.binary, snap, a.rounds)
        print(f"| {os.path.basename(snap)} | {load:.2f} s | {ms(firsts)} | {ms(wholes)} "
              f"| {ms(stops)} |")
        for name, script in scripts:
            runs = [script_run(a.binary, snap, script) for _ in range(a.rounds)]
            memory.append((os.path.basename(snap), name,
                           statistics.median(r[0] for r in runs),
                           statistics.median(r[1] for r in runs)))
    print()
    print("| snapshot | script (`basis repl < script > /dev/null`) | peak RSS | wall, load included |")
    print("|---|---|---:|---:|")
    for snap, name, rss, wall in memory:
        print(f"| {snap} | {name} | {rss:.0f} MB | {wall:.2f} s |")
    print()
    print(f"load after: {os.getloadavg()[0]:.2f}; medians of {a.rounds} rounds")


if __name__ == "__main__":
    main()
