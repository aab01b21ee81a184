#!/usr/bin/env python3
"""The walk side by side: `recipients reachable from council-0001 max 2` in basis, Kùzu and DuckDB.

Usage: benches/walk_peers.py BASIS_BINARY SNAPSHOT.basis [ROUNDS]

Exports the snapshot as CSV, loads the flows into DuckDB (tables) and Kùzu (a Party node table
and one Sends relationship per sending pair), checks that both return exactly basis's parties, then times
the query warm in each (median of ROUNDS runs, default 20) and basis's `execute` phase from
`basis query --timing` (median of ROUNDS cold runs; the graph and index build are reported
apart). Needs `pip install duckdb kuzu`. Prints a markdown table.

The walk's rules (docs/language.md, "Paths"): an organisation reaches its services, a service
sends to its recipients (and its own teams: `internal` flows), and a party that is itself an
organisation passes on what it holds. `max 2` counts flows. The start is listed when a walk
comes back to it, as basis does.
"""
import csv, os, statistics, subprocess, sys, tempfile, time

import duckdb
import kuzu

START, MAX = "council-0001", 2
QUERY = f"recipients reachable from {START} max {MAX}"


def median_ms(f, rounds):
    times = []
    for _ in range(rounds):
        t = time.perf_counter()
        f()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


def basis_run(binary, snap, rounds):
    out = subprocess.run([binary, "query", "--data", snap, "--format", "csv", QUERY],
                         check=True, capture_output=True, text=True).stdout
    nodes = sorted(r["node"] for r in csv.DictReader(out.splitlines()))
    phases = {}
    for _ in range(rounds):
        err = subprocess.run([binary, "query", "--data", snap, "--timing", "--format", "csv", QUERY],
                             check=True, capture_output=True, text=True).stderr
        for line in err.splitlines():
            name, _, value = line.partition(" ")
            num, unit = value.split()
            ms = float(num) * {"s": 1000, "ms": 1, "µs": 0.001, "ns": 1e-6}[unit]
            phases.setdefault(name, []).append(ms)
    return nodes, {k: statistics.median(v) for k, v in phases.items()}


def duckdb_run(dir, rounds):
    c = duckdb.connect()
    t = time.perf_counter()
    c.execute(f"create table flow as select org, party, direction from read_csv('{dir}/flow.csv')")
    c.execute(f"create table party as select id, org from read_csv('{dir}/party.csv')")
    load = time.perf_counter() - t
    q = f"""
    with recursive walk(p, hops) as (
      select distinct party, 1 from flow where org = '{START}' and direction <> 'from'
      union
      select distinct f.party, w.hops + 1 from walk w join party pa on pa.id = w.p
        join flow f on f.org = pa.org and f.direction <> 'from' where w.hops < {MAX})
    select distinct p from walk order by p"""
    nodes = [r[0] for r in c.execute(q).fetchall()]
    return nodes, load, median_ms(lambda: c.execute(q).fetchall(), rounds)


def kuzu_run(dir, rounds):
    db_dir = tempfile.mkdtemp(prefix="kuzu-")
    db = kuzu.Database(os.path.join(db_dir, "db"))
    c = kuzu.Connection(db)
    t = time.perf_counter()
    c.execute("CREATE NODE TABLE Party(id STRING, PRIMARY KEY (id))")
    c.execute("CREATE REL TABLE Sends(FROM Party TO Party)")
    c.execute(f"COPY Party FROM (LOAD FROM '{dir}/party.csv' (header=true) RETURN id)")
    # An organisation is the party with its id; it sends along every flow that is not a
    # source's. One edge per pair: Kùzu's variable-length match enumerates paths, so the many
    # flows between one pair would only multiply its work.
    c.execute(f"COPY Sends FROM (LOAD FROM '{dir}/flow.csv' (header=true) "
              f"WHERE direction <> 'from' RETURN DISTINCT org, party)")
    load = time.perf_counter() - t
    q = (f"MATCH (a:Party {{id: '{START}'}})-[:Sends*1..{MAX}]->(b:Party) "
         f"RETURN DISTINCT b.id ORDER BY b.id")
    def run():
        r = c.execute(q)
        out = []
        while r.has_next():
            out.append(r.get_next()[0])
        return out
    nodes = run()
    return nodes, load, median_ms(run, rounds)


def main():
    binary, snap = sys.argv[1], sys.argv[2]
    rounds = int(sys.argv[3]) if len(sys.argv) > 3 else 20
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([binary, "export", "--data", snap, "--to", "csv", "-o", tmp], check=True,
                       capture_output=True)
        want, phases = basis_run(binary, snap, rounds)
        d_nodes, d_load, d_ms = duckdb_run(tmp, rounds)
        k_nodes, k_load, k_ms = kuzu_run(tmp, rounds)
    for name, got in (("DuckDB", d_nodes), ("Kùzu", k_nodes)):
        if got != want:
            sys.exit(f"{name} disagrees with basis: {len(got)} parties against {len(want)}; "
                     f"differ on {sorted(set(got) ^ set(want))[:10]}")
    print(f"`{QUERY}` on {snap}: {len(want)} parties, the same in all three.\n")
    print("| engine | query (median) | load / build |")
    print("|---|---|---|")
    print(f"| basis, `execute` (cold process) | {phases['execute']:.3f} ms | "
          f"load {phases['load']:.0f} ms + index {phases['index']:.1f} ms |")
    print(f"| Kùzu {kuzu.__version__} (warm) | {k_ms:.2f} ms | {k_load * 1000:.0f} ms |")
    print(f"| DuckDB {duckdb.__version__} (warm) | {d_ms:.2f} ms | {d_load * 1000:.0f} ms |")


if __name__ == "__main__":
    main()
