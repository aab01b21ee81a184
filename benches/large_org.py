#!/usr/bin/env python3
"""benches/large_org.py — one organisation built large in one direction, to time basis on it.

A national dataset from `basis gen` spreads its size over thousands of small organisations;
these shapes put it all into one, where work that grows with the square of one organisation's
entries shows. Each writes a dataset directory (vocab and parties copied from datasets/, one
organisation file, its notices) that `--data DIR` reads:

  notices N    N notices, each with one service and a retention rule for one of five
               categories, kept for 1 to 40 years (so rules of one scope disagree)
  recipients N one notice, one service, N recipient blocks with different conditions
  services N   one notice, N services, each with a recipient and a retention rule

usage: python3 benches/large_org.py SHAPE N OUT_DIR

BENCHMARKS.md ("One large organisation") has the figures and the commands timed.
"""

import os
import shutil
import sys

HEAD = '[org]\nid = "example-council"\nname = "Example Council"\ntype = "local-authority"\n'
CATEGORIES = ["name", "address", "date-of-birth", "telephone", "email"]


def service(i, notice, keep):
    return f'''
[[service]]
id = "s{i}"
name = "Service {i}"
notice = "{notice}"
quote = "We use it to deliver the service."

[[service.category]]
id = "name"
quote = "We collect your name."

[[service.purpose]]
id = "service-delivery"
quote = "We use it to deliver the service."

[[service.basis]]
id = "a6-1-e"
cited = "a task in the public interest"
quote = "We rely on a task in the public interest."

[[service.recipient]]
party = "police"
condition = "when the law requires it"
quote = "We share it with the police when the law requires it."

[[service.retention]]
categories = ["{CATEGORIES[i % 5]}"]
years = {keep}
quote = "We keep records for {keep} years."
'''


def notice_text(i, keep):
    return (
        f"Example Council Privacy Notice {i}\n\nExample Council is the controller. "
        "We collect your name. We use it to deliver the service. We rely on a task in the "
        "public interest. We share it with the police when the law requires it. "
        f"We keep records for {keep} years. Write to dpo@example.gov.uk.\n"
    )


def notice(i):
    return f'''
[[notice]]
id = "n{i}"
file = "n{i}.txt"
title = "Example Council Privacy Notice {i}"
'''


def main():
    if len(sys.argv) != 4 or sys.argv[1] not in ("notices", "recipients", "services"):
        sys.exit(__doc__)
    shape, n, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "datasets")
    os.makedirs(os.path.join(out, "notices"), exist_ok=True)
    shutil.copytree(os.path.join(root, "vocab"), os.path.join(out, "vocab"), dirs_exist_ok=True)
    shutil.copy(os.path.join(root, "parties.toml"), out)
    parts = [HEAD]
    texts = {}
    if shape == "notices":
        for i in range(n):
            keep = i % 40 + 1
            texts[f"n{i}.txt"] = notice_text(i, keep)
            parts += [notice(i), service(i, f"n{i}", keep)]
    else:
        texts["n0.txt"] = notice_text(0, 6)
        parts.append(notice(0))
        if shape == "services":
            parts += [service(i, "n0", 6) for i in range(n)]
        else:
            parts.append(service(0, "n0", 6))
            parts += [
                f'\n[[service.recipient]]\nparty = "police"\ncondition = "case {i}"\n'
                'quote = "We share it with the police when the law requires it."\n'
                for i in range(n)
            ]
    for name, text in texts.items():
        with open(os.path.join(out, "notices", name), "w", encoding="utf-8") as f:
            f.write(text)
    with open(os.path.join(out, "example-council.toml"), "w", encoding="utf-8") as f:
        f.write("".join(parts))


if __name__ == "__main__":
    main()
