# -*- Mode: python; py-indent-offset: 4; indent-tabs-mode: nil; coding: utf-8; -*-
# Copyright (c) 2026 iotsec authors
# SPDX-License-Identifier: GPL-2.0-only
#
# iotsec for waf-era ns-3 trees (ns-3.35 and older): copy or link this directory to
# contrib/iotsec or src/iotsec and run ./waf configure && ./waf build.
#
# The lists below repeat those of CMakeLists.txt, which is the source of truth;
# test/check-wscript.py (ctest iotsec-wscript-consistency) fails when they differ.

import os
import subprocess

SOURCES = [
    'model/channel/frame-erasure-loss-model.cc',
    'model/channel/link-pricer.cc',
    'model/channel/lr-wpan-duplicate-filter.cc',
    'model/channel/neighbor-list-spectrum-channel.cc',
    'model/mac/lpl-medium.cc',
    'model/mac/lpl-net-device.cc',
    'model/bootstrap/oob-frame-header.cc',
    'model/bootstrap/oob-channel.cc',
    'model/bootstrap/oob-nfc-channel.cc',
    'model/bootstrap/oob-audio-channel.cc',
    'model/bootstrap/oob-light-channel.cc',
    'model/bootstrap/oob-qr-channel.cc',
    'model/bootstrap/oob-net-device.cc',
    'model/crypto/crypto-work.cc',
    'model/crypto/engine-random.cc',
    'model/crypto/hex-encoding.cc',
    'model/crypto/iotsec-crypto.cc',
    'model/dtls/dtls-codec.cc',
    'model/dtls/dtls-handshake-framing.cc',
    'model/dtls/dtls-handshake-loss-model.cc',
    'model/dtls/dtls-psk-store.cc',
    'model/dtls/dtls-record-layer.cc',
    'model/dtls/dtls-reassembler.cc',
    'model/dtls/dtls-replay-window.cc',
    'model/dtls/dtls-server-engine.cc',
    'model/dtls/dtls-session.cc',
    'model/dtls/dtls-socket.cc',
    'model/dtls/dtls-transcript.cc',
    'model/dtls/tls-socket.cc',
    'model/border-router/dtls-tunnel.cc',
    'model/border-router/tls-dtls-mapper.cc',
    'model/border-router/tls-dtls-mapping-application.cc',
    'model/border-router/udp-tamper.cc',
    'model/border-router/dtls-tamper.cc',
    'model/border-router/border-router-filter.cc',
    'model/border-router/border-router-guard.cc',
    'model/bootstrap/bootstrap-message.cc',
    'model/bootstrap/bootstrap-engine.cc',
    'model/bootstrap/bootstrap-application.cc',
    'model/bootstrap/bootstrap-node-application.cc',
    'model/bootstrap/bootstrap-controller-application.cc',
    'model/bootstrap/bootstrap-server-application.cc',
    'model/bootstrap/bootstrap-tamper.cc',
    'model/bootstrap/jennings-enrolment.cc',
    'model/bootstrap/jennings-application.cc',
    'model/attack/raw-ipv6-injector.cc',
    'model/attack/udp-attack-application.cc',
    'model/attack/flood-attack-application.cc',
    'model/attack/replay-attack-application.cc',
    'model/attack/eavesdropper-application.cc',
    'model/attack/amplification-attack-application.cc',
    'model/ssm/group-client-application.cc',
    'model/ssm/group-commander.cc',
    'model/ssm/ssm-application.cc',
    'model/ssm/ssm-application-server.cc',
    'model/ssm/ssm-directory.cc',
    'model/ssm/ssm-policy.cc',
    'model/stats/air-traffic-monitor.cc',
    'model/stats/build-info.cc',
    'model/stats/iotsec-json.cc',
    'model/stats/results-sink.cc',
    'model/apps/dtls-client-application.cc',
    'model/apps/dtls-server-application.cc',
    'helper/dtls-helper.cc',
    'model/coap/coap-message.cc',
    'model/coap/coap-link-format.cc',
    'model/coap/coap-header.cc',
    'model/coap/coap-endpoint.cc',
    'model/coap/coap-socket-binding.cc',
    'model/oscore/oscore-context.cc',
    'model/http/http-applications.cc',
    'model/http/http-coap-mapping.cc',
    'model/http/http-coap-proxy-application.cc',
    'model/http/http-message.cc',
    'model/apps/coap-server-application.cc',
    'model/apps/coap-client-application.cc',
    'helper/lln-helper.cc',
    'helper/lln-routing-helper.cc',
    'helper/building-automation-helper.cc',
    'helper/health-care-helper.cc',
    'helper/attack-helper.cc',
    'helper/border-router-guard-helper.cc',
    'helper/building-topology-helper.cc',
    'helper/coap-helper.cc',
    'model/node/device-profile.cc',
    'model/node/cpu-model.cc',
    'model/node/engine-executor.cc',
    'model/node/ram-model.cc',
    'model/node/iotsec-lr-wpan-radio-energy-model.cc',
    'model/node/iotsec-cpu-energy-model.cc',
    'helper/node-model-helper.cc',
    'helper/node-energy-helper.cc',
    'helper/oob-channel-helper.cc',
    'helper/bootstrap-helper.cc',
    'model/secure-element/apdu.cc',
    'model/secure-element/secure-element.cc',
]

HEADERS = [
    'model/iotsec-compat.h',
    'model/channel/frame-erasure-loss-model.h',
    'model/channel/link-pricer.h',
    'model/channel/lr-wpan-duplicate-filter.h',
    'model/channel/neighbor-list-spectrum-channel.h',
    'model/mac/lpl-medium.h',
    'model/mac/lpl-net-device.h',
    'model/bootstrap/oob-frame-header.h',
    'model/bootstrap/oob-channel.h',
    'model/bootstrap/oob-nfc-channel.h',
    'model/bootstrap/oob-audio-channel.h',
    'model/bootstrap/oob-light-channel.h',
    'model/bootstrap/oob-qr-channel.h',
    'model/bootstrap/oob-net-device.h',
    'model/crypto/crypto-work.h',
    'model/crypto/engine-random.h',
    'model/crypto/hex-encoding.h',
    'model/crypto/iotsec-crypto.h',
    'model/dtls/dtls-codec.h',
    'model/dtls/dtls-handshake-framing.h',
    'model/dtls/dtls-handshake-loss-model.h',
    'model/dtls/dtls-psk-store.h',
    'model/dtls/dtls-record-layer.h',
    'model/dtls/dtls-reassembler.h',
    'model/dtls/dtls-replay-window.h',
    'model/dtls/dtls-server-engine.h',
    'model/dtls/dtls-session.h',
    'model/dtls/dtls-socket.h',
    'model/dtls/dtls-transcript.h',
    'model/dtls/tls-socket.h',
    'model/border-router/dtls-tunnel.h',
    'model/border-router/tls-dtls-mapper.h',
    'model/border-router/tls-dtls-mapping-application.h',
    'model/border-router/udp-tamper.h',
    'model/border-router/dtls-tamper.h',
    'model/border-router/border-router-filter.h',
    'model/border-router/border-router-guard.h',
    'model/bootstrap/bootstrap-message.h',
    'model/bootstrap/bootstrap-engine.h',
    'model/bootstrap/bootstrap-application.h',
    'model/bootstrap/bootstrap-node-application.h',
    'model/bootstrap/bootstrap-controller-application.h',
    'model/bootstrap/bootstrap-server-application.h',
    'model/bootstrap/bootstrap-tamper.h',
    'model/bootstrap/jennings-enrolment.h',
    'model/bootstrap/jennings-application.h',
    'model/attack/raw-ipv6-injector.h',
    'model/attack/udp-attack-application.h',
    'model/attack/flood-attack-application.h',
    'model/attack/replay-attack-application.h',
    'model/attack/eavesdropper-application.h',
    'model/attack/amplification-attack-application.h',
    'model/ssm/group-client-application.h',
    'model/ssm/group-commander.h',
    'model/ssm/ssm-application.h',
    'model/ssm/ssm-application-server.h',
    'model/ssm/ssm-directory.h',
    'model/ssm/ssm-policy.h',
    'model/stats/air-traffic-monitor.h',
    'model/stats/build-info.h',
    'model/stats/iotsec-json.h',
    'model/stats/results-sink.h',
    'model/apps/dtls-client-application.h',
    'model/apps/dtls-server-application.h',
    'helper/dtls-helper.h',
    'model/coap/coap-message.h',
    'model/coap/coap-link-format.h',
    'model/coap/coap-header.h',
    'model/coap/coap-deadline-index.h',
    'model/coap/coap-endpoint.h',
    'model/coap/coap-socket-binding.h',
    'model/coap/coap-message-security.h',
    'model/coap/coap-security-mode.h',
    'model/oscore/oscore-context.h',
    'model/http/http-applications.h',
    'model/http/http-coap-mapping.h',
    'model/http/http-coap-proxy-application.h',
    'model/http/http-message.h',
    'model/apps/coap-server-application.h',
    'model/apps/coap-client-application.h',
    'helper/lln-helper.h',
    'helper/lln-routing-helper.h',
    'helper/building-automation-helper.h',
    'helper/health-care-helper.h',
    'helper/attack-helper.h',
    'helper/border-router-guard-helper.h',
    'helper/building-topology-helper.h',
    'helper/coap-helper.h',
    'model/node/device-profile.h',
    'model/node/cpu-model.h',
    'model/node/engine-executor.h',
    'model/node/ram-model.h',
    'model/node/iotsec-lr-wpan-radio-energy-model.h',
    'model/node/iotsec-cpu-energy-model.h',
    'helper/node-model-helper.h',
    'helper/node-energy-helper.h',
    'helper/oob-channel-helper.h',
    'helper/bootstrap-helper.h',
    'model/secure-element/apdu.h',
    'model/secure-element/secure-element.h',
]

TEST_SOURCES = [
    'test/compat-test-suite.cc',
    'test/crypto-test-suite.cc',
    'test/dtls-engine-test-suite.cc',
    'test/dtls-loss-model-test-suite.cc',
    'test/dtls-socket-test-suite.cc',
    'test/dtls-tunnel-test-suite.cc',
    'test/results-sink-test-suite.cc',
    'test/ssm-directory-test-suite.cc',
    'test/coap-message-test-suite.cc',
    'test/coap-link-format-test-suite.cc',
    'test/coap-endpoint-test-suite.cc',
    'test/coap-bounds-test-suite.cc',
    'test/coap-reliability-test-suite.cc',
    'test/coap-applications-test-suite.cc',
    'test/coaps-test-suite.cc',
    'test/http-applications-test-suite.cc',
    'test/http-coap-mapping-test-suite.cc',
    'test/http-message-test-suite.cc',
    'test/node-ram-test-suite.cc',
    'test/node-energy-test-suite.cc',
    'test/node-profile-test-suite.cc',
    'test/lpl-test-suite.cc',
    'test/neighbor-list-channel-test-suite.cc',
    'test/node-cpu-test-suite.cc',
    'test/node-dtls-test-suite.cc',
    'test/node-oscore-test-suite.cc',
    'test/oscore-context-test-suite.cc',
    'test/oscore-endpoint-test-suite.cc',
    'test/oscore-applications-test-suite.cc',
    'test/building-routing-test-suite.cc',
    'test/building-topology-test-suite.cc',
    'test/building-automation-test-suite.cc',
    'test/health-care-test-suite.cc',
    'test/tls-engine-test-suite.cc',
    'test/tls-dtls-mapping-test-suite.cc',
    'test/tls-socket-test-suite.cc',
    'test/dtls-tamper-test-suite.cc',
    'test/border-router-filter-test-suite.cc',
    'test/border-router-guard-test-suite.cc',
    'test/attack-effects-test-suite.cc',
    'test/attack-applications-test-suite.cc',
    'test/eavesdropper-test-suite.cc',
    'test/oob-channel-test-suite.cc',
    'test/bootstrap-engine-test-suite.cc',
    'test/bootstrap-applications-test-suite.cc',
    'test/jennings-applications-test-suite.cc',
    'test/bootstrap-mitm-test-suite.cc',
    'test/jennings-enrolment-test-suite.cc',
    'test/apdu-test-suite.cc',
    'test/secure-element-test-suite.cc',
]

EXAMPLES = [
    'floor-echo',
    'handshake-loss',
    'coap-floor',
    'building-topology',
    'building-automation',
    'health-care',
    'e2e-security',
    'border-router-attacks',
    'oob-bootstrap',
    'secure-element-server',
]

NS3_MODULES = [
    'core',
    'network',
    'internet',
    'internet-apps',
    'applications',
    'mobility',
    'propagation',
    'spectrum',
    'lr-wpan',
    'sixlowpan',
    'energy',
    'buildings',
    'stats',
    'csma',
    'point-to-point',
    'traffic-control',
]


def configure(conf):
    conf.check_cfg(package='libcrypto', uselib_store='IOTSEC_CRYPTO',
                   args=['--cflags', '--libs'], mandatory=True)
    conf.check_cxx(header_name='boost/graph/adjacency_list.hpp', mandatory=True,
                   msg='Checking for the Boost Graph Library headers')
    commit = 'unknown'
    here = conf.path.abspath()
    try:
        commit = subprocess.check_output(['git', '-C', here, 'rev-parse', 'HEAD'],
                                         stderr=subprocess.DEVNULL).decode().strip()
        dirty = subprocess.check_output(['git', '-C', here, 'status', '--porcelain',
                                         '--untracked-files=no'],
                                        stderr=subprocess.DEVNULL).decode().strip()
        if dirty:
            commit += '-dirty'
    except (OSError, subprocess.CalledProcessError):
        pass
    conf.env['IOTSEC_GIT_COMMIT'] = commit


def _ns3_version(bld):
    path = os.path.join(bld.path.parent.parent.abspath(), 'VERSION')
    try:
        with open(path) as f:
            return f.read().strip()
    except OSError:
        return 'unknown'


def build(bld):
    module = bld.create_ns3_module('iotsec', NS3_MODULES)
    module.source = SOURCES
    module.use.append('IOTSEC_CRYPTO')
    module.defines = ['IOTSEC_GIT_COMMIT="%s"' % bld.env['IOTSEC_GIT_COMMIT'],
                      'IOTSEC_NS3_VERSION="%s"' % _ns3_version(bld)]

    module_test = bld.create_ns3_module_test_library('iotsec')
    module_test.source = TEST_SOURCES

    headers = bld(features='ns3header')
    headers.module = 'iotsec'
    headers.source = HEADERS

    if bld.env['ENABLE_EXAMPLES']:
        for name in EXAMPLES:
            program = bld.create_ns3_program(name, ['iotsec'] + NS3_MODULES)
            program.source = 'examples/%s.cc' % name
