#!/usr/bin/python3
# Copyright (c) 2026 iotsec authors
# SPDX-License-Identifier: GPL-2.0-only
"""ctest iotsec-doc: doc/iotsec.rst is valid reStructuredText, keeps ns-3's model-document
sections, and mentions every example, every test suite and every ctest check.

usage: check-doc.py <module dir> <ctest names file or ->
"""

import os
import re
import sys

import docutils.core
import docutils.utils

SECTIONS = ["Scope and Limitations", "Usage", "Helpers", "Attributes", "Traces",
            "Examples and Tests", "Validation", "References"]


def main():
    top = sys.argv[1]
    with open(os.path.join(top, "doc", "iotsec.rst"), encoding="utf-8") as f:
        text = f.read()
    problems = []
    try:
        docutils.core.publish_string(text, writer_name="null",
                                     settings_overrides={"halt_level": 2, "report_level": 2,
                                                         "warning_stream": False})
    except docutils.utils.SystemMessage as e:
        problems.append("not valid reStructuredText: %s" % e)
    for section in SECTIONS:
        if not re.search(r"^%s\n[*=#-]{3,}$" % re.escape(section), text, re.M):
            problems.append("no section '%s'" % section)
    with open(os.path.join(top, "CMakeLists.txt"), encoding="utf-8") as f:
        cmake = f.read()
    examples = re.search(r"set\(iotsec_examples([^)]*)\)", cmake).group(1).split()
    for example in examples:
        if "``%s``" % example not in text:
            problems.append("example %s is not documented" % example)
    suites = set()
    for name in os.listdir(os.path.join(top, "test")):
        if name.endswith("-test-suite.cc"):
            with open(os.path.join(top, "test", name), encoding="utf-8") as f:
                suites.update(re.findall(r'TestSuite\("([^"]+)"', f.read()))
    with open(os.path.join(top, "test", "ctest-checks.cmake"), encoding="utf-8") as f:
        checks = set(re.findall(r"add_test\(NAME (iotsec-[A-Za-z0-9-]*[A-Za-z0-9])\b", f.read()))
    for name in sorted(suites | checks):
        if name not in text:
            problems.append("test %s is not described" % name)
    for p in problems:
        print("FAIL:", p)
    print("doc/iotsec.rst: %d problem(s)" % len(problems))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
