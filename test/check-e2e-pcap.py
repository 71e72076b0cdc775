#!/usr/bin/python3
# Copyright (c) 2026 iotsec authors
# SPDX-License-Identifier: GPL-2.0-only
"""ctest iotsec-wire-e2e: tshark reads what e2e-security puts on the wire, in every mode.

usage: check-e2e-pcap.py <e2e-security binary> <scratch dir>

Each mode runs once with --pcap (four requests, no loss). tshark reads the back-end's link
(e2e-security-<mode>-internet.pcap, Ethernet) and the 6LBR's 802.15.4 device (the pcap of the
node the example names as the 6LBR), with the keys the example writes (<mode>.psk):

- mapping: the Internet side is TLS 1.2 over TCP (record version 0x0303, every handshake
  message of the PSK handshake) that tshark decrypts with the PSK (tls.psk) into the four
  HTTP requests and their 200/204 responses. In the LLN the same connection is DTLS 1.2
  (record versions 0xfefd, a ClientHello with an empty cookie), as Table I maps it. Its
  application records are authenticated with TLS's numbers, which a DTLS dissector does not
  use, so tshark cannot decrypt them there; instead the check proves that every application
  record in the LLN carries exactly the protected bytes of an application record that tshark
  decrypted on the Internet side, and that its DTLS header (epoch 1) carries TLS's sequence
  number: the one the record's explicit nonce holds.
- trusted-proxy: TLS decrypted with the back-end's key into HTTP on the Internet side; DTLS
  decrypted with the router's key into CoAP requests for /light in the LLN.
- tunnel: the outer DTLS session on the Internet side (router's key: a full handshake, then
  application data only); the inner DTLS decrypted with the back-end's key into CoAP in the
  LLN.
- coap-e2e: DTLS decrypted with the back-end's key into CoAP on both sides.

Every 802.15.4 frame has a valid FCS, and no frame is malformed.
"""

import os
import re
import shutil
import subprocess
import sys

failures = []


def check(condition, message):
    if not condition:
        failures.append(message)
        print("FAIL:", message)
    return condition


def tshark(pcap, display, fields, prefs=()):
    """Rows (lists of field values) of the packets matching `display`."""
    args = ["tshark", "-r", pcap, "-Y", display, "-T", "fields"]
    for f in fields:
        args += ["-e", f]
    for p in prefs:
        args += ["-o", p]
    proc = subprocess.run(args, capture_output=True, text=True, timeout=120)
    if proc.returncode != 0:
        check(False, "tshark failed on %s: %s" % (pcap, proc.stderr[-400:]))
        return []
    return [line.split("\t") for line in proc.stdout.splitlines() if line.strip()]


def values(rows, column=0):
    """Every comma-separated value in one column."""
    out = []
    for r in rows:
        if column < len(r) and r[column]:
            out.extend(r[column].split(","))
    return out


def run(binary, scratch, mode):
    """Run one mode with pcaps; return (internet pcap, 6LBR pcap, keys) or None."""
    d = os.path.join(scratch, mode)
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d)
    proc = subprocess.run([binary, "--mode=" + mode, "--pcap=1", "--requests=4"],
                          capture_output=True, text=True, cwd=d, timeout=300)
    if not check(proc.returncode == 0, "%s: exit status %d: %s" % (mode, proc.returncode,
                                                                   proc.stderr[-400:])):
        return None
    m = re.search(r"6LBR \(node (\d+)\)", proc.stdout)
    if not check(m is not None, "%s: the example did not name its 6LBR" % mode):
        return None
    internet = os.path.join(d, "e2e-security-%s-internet.pcap" % mode)
    lln = os.path.join(d, "e2e-security-%s-%s-1.pcap" % (mode, m.group(1)))
    keys = {}
    with open(os.path.join(d, "e2e-security-%s.psk" % mode), encoding="utf-8") as f:
        for line in f:
            name, key = line.split()
            keys[name] = key
    for p in (internet, lln):
        if not check(os.path.getsize(p) > 0 if os.path.exists(p) else False, "no " + p):
            return None
    return internet, lln, keys


def clean(pcap, label):
    """No malformed frame, and every 802.15.4 FCS valid."""
    bad = tshark(pcap, "_ws.malformed", ["frame.number"])
    check(not bad, "%s: %d malformed frames" % (label, len(bad)))
    if "internet" not in pcap:
        frames = tshark(pcap, "wpan", ["frame.number"])
        bad = tshark(pcap, "wpan.fcs.bad || !wpan.fcs_ok", ["frame.number"])
        check(frames and not bad, "%s: %d of %d 802.15.4 frames with a bad FCS"
              % (label, len(bad), len(frames)))


def http_seen(pcap, key, label):
    """The four requests and their responses, decrypted with the TLS PSK."""
    prefs = ["tls.psk:" + key]
    requests = tshark(pcap, "http.request", ["http.request.method", "http.request.uri"], prefs)
    check([r[0] for r in requests] == ["GET", "PUT", "GET", "PUT"] and
          all(r[1] == "/light" for r in requests),
          "%s: HTTP requests decrypted: %s" % (label, requests))
    codes = values(tshark(pcap, "http.response", ["http.response.code"], prefs))
    check(codes == ["200", "204", "200", "204"], "%s: HTTP responses: %s" % (label, codes))


def coap_seen(pcap, key, label):
    """CoAP requests for /light, decrypted with the DTLS PSK."""
    prefs = ["dtls.psk:" + key]
    rows = tshark(pcap, "coap.code == 1 || coap.code == 3",
                  ["coap.code", "coap.opt.uri_path"], prefs)
    methods = {r[0] for r in rows}
    check(methods == {"1", "3"} and all(r[1] == "light" for r in rows),
          "%s: CoAP GET and PUT /light decrypted: %s" % (label, rows[:6]))


def handshake_types(pcap, proto, prefs=()):
    return set(values(tshark(pcap, proto, [proto + ".handshake.type"], prefs)))


def check_mapping(internet, lln, keys):
    key = keys["backend"]
    versions = set(values(tshark(internet, "tls", ["tls.record.version"])))
    check(versions == {"0x0303"}, "mapping, Internet: record versions %s, not TLS 1.2" % versions)
    types = handshake_types(internet, "tls")
    check({"1", "2", "12", "14", "16"} <= types,
          "mapping, Internet: TLS handshake messages %s" % sorted(types))
    http_seen(internet, key, "mapping, Internet")
    tls_records = set(values(tshark(internet, "tls.app_data", ["tls.app_data"])))
    check(len(tls_records) == 8, "mapping, Internet: %d application records, not 8"
          % len(tls_records))

    versions = set(values(tshark(lln, "dtls", ["dtls.record.version"])))
    check(versions <= {"0xfefd", "0xfeff"} and "0xfefd" in versions,
          "mapping, LLN: record versions %s, not DTLS" % versions)
    types = handshake_types(lln, "dtls")
    check({"1", "2", "12", "14", "16"} <= types,
          "mapping, LLN: DTLS handshake messages %s" % sorted(types))
    cookies = set(values(tshark(lln, "dtls.handshake.type == 1", ["dtls.handshake.cookie_length"])))
    check(cookies == {"0"}, "mapping, LLN: ClientHello cookie lengths %s, not empty" % cookies)
    rows = tshark(lln, "dtls.app_data",
                  ["dtls.record.epoch", "dtls.record.sequence_number", "dtls.app_data"])
    lln_records = set()
    for epoch, seq, data in rows:
        lln_records.add(data)
        check(epoch == "1", "mapping, LLN: application data in epoch %s" % epoch)
        check(int(data[:16], 16) == int(seq),
              "mapping, LLN: record sequence number %s is not TLS's (explicit nonce %s)"
              % (seq, data[:16]))
    check(lln_records == tls_records,
          "mapping: the LLN's application records are not the Internet's TLS records "
          "(%d in the LLN, %d on the Internet, %d in common)"
          % (len(lln_records), len(tls_records), len(lln_records & tls_records)))


def main():
    binary, scratch = sys.argv[1], sys.argv[2]
    if not shutil.which("tshark"):
        print("tshark not found (./iotsec setup installs it)")
        return 1
    os.makedirs(scratch, exist_ok=True)
    for mode in ("mapping", "trusted-proxy", "tunnel", "coap-e2e"):
        got = run(binary, scratch, mode)
        if not got:
            continue
        internet, lln, keys = got
        clean(internet, mode + ", Internet")
        clean(lln, mode + ", LLN")
        if mode == "mapping":
            check_mapping(internet, lln, keys)
        elif mode == "trusted-proxy":
            http_seen(internet, keys["backend"], "trusted-proxy, Internet")
            coap_seen(lln, keys["router"], "trusted-proxy, LLN")
        elif mode == "tunnel":
            types = handshake_types(internet, "dtls", ["dtls.psk:" + keys["router"]])
            check({"1", "3", "2", "12", "14", "16"} <= types,
                  "tunnel, Internet: outer handshake messages %s" % sorted(types))
            coap_seen(lln, keys["backend"], "tunnel, LLN")
        else:
            coap_seen(internet, keys["backend"], "coap-e2e, Internet")
            coap_seen(lln, keys["backend"], "coap-e2e, LLN")
    if failures:
        print("%d check(s) failed" % len(failures))
        return 1
    print("e2e wire check: the four modes dissected and decrypted as expected")
    return 0


if __name__ == "__main__":
    sys.exit(main())
