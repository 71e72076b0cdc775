#!/usr/bin/python3
# Copyright (c) 2026 iotsec authors
# SPDX-License-Identifier: GPL-2.0-only
"""ctest iotsec-qr-capacity: QrOobChannel's byte-mode capacity table (ISO/IEC 18004 table 7,
model/bootstrap/oob-qr-channel.cc) against a real encoder, libqrencode's qrencode.

usage: check-qr-capacity.py <module dir> [max version, default 40]

For each version V and error-correction level, qrencode -8 --strict-version -v V -l LEVEL
must encode the table's N bytes in a symbol of exactly 17 + 4V modules a side (ASCII output
without margin: one line per module row) and must not fit N + 1 bytes in version V. Without
qrencode (Debian package qrencode, in ./iotsec's PACKAGES_TEST) the check is skipped (77).
"""

import os
import re
import shutil
import subprocess
import sys

LEVELS = "LMQH"


def table(top):
    with open(os.path.join(top, "model", "bootstrap", "oob-qr-channel.cc"), encoding="utf-8") as f:
        text = f.read()
    body = re.search(r"BYTE_CAPACITY = \{\{(.*?)\}\};", text, re.S).group(1)
    rows = [tuple(int(x) for x in row.split(",")) for row in re.findall(r"\{([0-9, ]+)\}", body)]
    return rows


def symbol_size(version, level, n):
    """The side (modules) of the symbol qrencode makes of n bytes in version, or None."""
    r = subprocess.run(["qrencode", "-8", "--strict-version", "-v", str(version), "-l", level,
                        "-m", "0", "-t", "ASCII", "-o", "-"],
                       input=b"\xa5" * n, capture_output=True, check=False)
    if r.returncode != 0:
        return None
    return r.stdout.decode().count("\n")


def main():
    top = sys.argv[1]
    last = int(sys.argv[2]) if len(sys.argv) > 2 else 40
    if not shutil.which("qrencode"):
        print("iotsec-qr-capacity: qrencode not found (apt-get install qrencode): skipped")
        return 77
    rows = table(top)
    problems = []
    if len(rows) != 40:
        problems.append("the table has %d rows, not 40" % len(rows))
    for version in range(1, min(last, len(rows)) + 1):
        for i, level in enumerate(LEVELS):
            n = rows[version - 1][i]
            side = 17 + 4 * version
            got = symbol_size(version, level, n)
            if got != side:
                problems.append("%d-%s: %d bytes do not make a %d-module symbol (%s)"
                                % (version, level, n, side, got))
            if symbol_size(version, level, n + 1) is not None:
                problems.append("%d-%s: %d bytes still fit version %d" % (version, level, n + 1,
                                                                          version))
    for p in problems:
        print("FAIL:", p)
    print("iotsec-qr-capacity: versions 1..%d x L/M/Q/H against qrencode: %d problem(s)"
          % (min(last, len(rows)), len(problems)))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
