#!/usr/bin/python3
# Copyright (c) 2026 iotsec authors
# SPDX-License-Identifier: GPL-2.0-only
"""ctest iotsec-wscript-consistency: the waf wscript must list what CMakeLists.txt lists.

usage: check-wscript.py [--fix] [<module dir>]

With --fix, rewrite the wscript's lists from CMakeLists.txt first.

CMakeLists.txt is the one source of truth (set(iotsec_sources ...) and friends); the wscript
repeats the lists as Python literals (SOURCES, HEADERS, TEST_SOURCES, EXAMPLES, NS3_MODULES).
Every difference is printed; the exit status is 1 if there is any.
"""

import ast
import os
import re
import sys

PAIRS = {
    "iotsec_sources": "SOURCES",
    "iotsec_headers": "HEADERS",
    "iotsec_test_sources": "TEST_SOURCES",
    "iotsec_examples": "EXAMPLES",
    "iotsec_ns3_modules": "NS3_MODULES",
}


def cmake_lists(text):
    text = re.sub(r"#[^\n]*", "", text)
    lists = {}
    for name in PAIRS:
        m = re.search(r"\bset\(\s*%s\b([^)]*)\)" % re.escape(name), text)
        if m is None:
            raise SystemExit("CMakeLists.txt has no set(%s ...)" % name)
        lists[name] = m.group(1).split()
    return lists


def wscript_lists(text):
    tree = ast.parse(text)
    lists = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target = node.targets[0]
            if isinstance(target, ast.Name) and target.id in PAIRS.values():
                lists[target.id] = ast.literal_eval(node.value)
    for name in PAIRS.values():
        if name not in lists:
            raise SystemExit("wscript has no top-level %s = [...]" % name)
    return lists


def fix_wscript(path, cm):
    with open(path) as f:
        text = f.read()
    for cname, wname in PAIRS.items():
        body = "".join("    '%s',\n" % x for x in cm[cname])
        text, n = re.subn(r"(?m)^%s = \[\n.*?^\]" % wname, "%s = [\n%s]" % (wname, body), text,
                          flags=re.S)
        if n != 1:
            raise SystemExit("wscript: cannot find the list %s to fix" % wname)
    with open(path, "w") as f:
        f.write(text)


def main():
    args = sys.argv[1:]
    fix = "--fix" in args
    args = [a for a in args if a != "--fix"]
    top = args[0] if args else os.path.join(os.path.dirname(__file__), "..")
    with open(os.path.join(top, "CMakeLists.txt")) as f:
        cm = cmake_lists(f.read())
    if fix:
        fix_wscript(os.path.join(top, "wscript"), cm)
    with open(os.path.join(top, "wscript")) as f:
        ws = wscript_lists(f.read())
    status = 0
    for cname, wname in PAIRS.items():
        only_cmake = [x for x in cm[cname] if x not in ws[wname]]
        only_waf = [x for x in ws[wname] if x not in cm[cname]]
        dup = sorted({x for x in ws[wname] if ws[wname].count(x) > 1})
        for x in only_cmake:
            print("%s: %s is in CMakeLists.txt but not in wscript" % (wname, x))
        for x in only_waf:
            print("%s: %s is in wscript but not in CMakeLists.txt" % (wname, x))
        for x in dup:
            print("%s: %s is listed twice in wscript" % (wname, x))
        if only_cmake or only_waf or dup:
            status = 1
    # the in-tree library list (spelled out for ns-3's dependency scanner) names the same modules
    with open(os.path.join(top, "CMakeLists.txt")) as f:
        text = re.sub(r"#[^\n]*", "", f.read())
    m = re.search(r"\bset\(\s*iotsec_link_libraries\b([^)]*)\)", text)
    in_tree = re.findall(r"\$\{lib([A-Za-z0-9_-]+)\}", m.group(1)) if m else None
    if in_tree != cm["iotsec_ns3_modules"]:
        print("iotsec_link_libraries (in-tree) %s differs from iotsec_ns3_modules %s"
              % (in_tree, cm["iotsec_ns3_modules"]))
        status = 1
    # every listed file exists
    for cname in ("iotsec_sources", "iotsec_headers", "iotsec_test_sources"):
        for path in cm[cname]:
            if not os.path.isfile(os.path.join(top, path)):
                print("%s lists %s, which does not exist" % (cname, path))
                status = 1
    for example in cm["iotsec_examples"]:
        if not os.path.isfile(os.path.join(top, "examples", example + ".cc")):
            print("example %s has no examples/%s.cc" % (example, example))
            status = 1
    # every module source on disk is listed (a forgotten file builds nowhere)
    listed = set(cm["iotsec_sources"] + cm["iotsec_headers"] + cm["iotsec_test_sources"])
    for folder in ("model", "helper"):
        for root, _, files in os.walk(os.path.join(top, folder)):
            for name in files:
                if name.endswith((".h", ".cc")):
                    rel = os.path.relpath(os.path.join(root, name), top)
                    if rel not in listed:
                        print("%s is not listed in CMakeLists.txt" % rel)
                        status = 1
    for name in os.listdir(os.path.join(top, "test")):
        if name.endswith("-test-suite.cc") and "test/" + name not in listed:
            print("test/%s is not listed in iotsec_test_sources" % name)
            status = 1
    print("wscript and CMakeLists.txt agree" if status == 0 else "wscript and CMakeLists.txt differ")
    return status


if __name__ == "__main__":
    sys.exit(main())
