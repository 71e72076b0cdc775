# ctest tests that are not ns-3 TestSuites: repository checks and end-to-end checks of programs.
# Included by the standalone build (CMakeLists.txt).

find_program(IOTSEC_PYTHON NAMES python3 PATHS /usr/bin NO_DEFAULT_PATH)
if(NOT IOTSEC_PYTHON)
  find_program(IOTSEC_PYTHON NAMES python3 REQUIRED)
endif()
set(iotsec_scratch ${CMAKE_BINARY_DIR}/test-scratch)

add_test(NAME iotsec-format COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/test/check-format.sh)

add_test(NAME iotsec-wscript-consistency
         COMMAND ${IOTSEC_PYTHON} ${CMAKE_CURRENT_SOURCE_DIR}/test/check-wscript.py
                 ${CMAKE_CURRENT_SOURCE_DIR}
)

add_test(NAME iotsec-results-contract
         COMMAND ${IOTSEC_PYTHON} ${CMAKE_CURRENT_SOURCE_DIR}/test/check-results-contract.py
                 $<TARGET_FILE:floor-echo> ${iotsec_scratch}/results-contract
)

# ./iotsec check-tree's logic on fake ns-3 trees (a real check builds ns-3: README)
add_test(NAME iotsec-check-tree
         COMMAND ${IOTSEC_PYTHON} ${CMAKE_CURRENT_SOURCE_DIR}/test/check-check-tree.py
                 ${iotsec_scratch}/check-tree
)

set_tests_properties(iotsec-format iotsec-wscript-consistency iotsec-results-contract
                     iotsec-check-tree
                     PROPERTIES LABELS "check" TIMEOUT 600
)

add_test(NAME iotsec-interop-dtls-openssl
         COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/test/interop-dtls-openssl.sh $<TARGET_FILE:dtls-probe>
                 ${iotsec_scratch}/interop-dtls-openssl
)
set_tests_properties(iotsec-interop-dtls-openssl PROPERTIES LABELS "check;interop" TIMEOUT 180)

add_test(NAME iotsec-interop-tls-openssl
         COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/test/interop-tls-openssl.sh $<TARGET_FILE:tls-probe>
                 ${iotsec_scratch}/interop-tls-openssl
)
set_tests_properties(iotsec-interop-tls-openssl PROPERTIES LABELS "check;interop" TIMEOUT 180)

add_test(NAME iotsec-interop-mapping-openssl
         COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/test/interop-mapping-openssl.sh
                 $<TARGET_FILE:dtls-probe> $<TARGET_FILE:mapping-proxy>
                 ${iotsec_scratch}/interop-mapping-openssl
)
set_tests_properties(iotsec-interop-mapping-openssl PROPERTIES LABELS "check;interop" TIMEOUT 180)

# The analysis workflow (analysis/, ./iotsec sweep and plot): Python scripts under
# analysis/tests/, run with Debian's python. Those that run floor-echo take the build directory.
set(iotsec_analysis_tests ${CMAKE_CURRENT_SOURCE_DIR}/analysis/tests)
add_test(NAME iotsec-analysis-campaign
         COMMAND ${IOTSEC_PYTHON} ${iotsec_analysis_tests}/test_campaign.py
)
add_test(NAME iotsec-analysis-stats COMMAND ${IOTSEC_PYTHON} ${iotsec_analysis_tests}/test_stats.py)
add_test(NAME iotsec-analysis-figures
         COMMAND ${IOTSEC_PYTHON} ${iotsec_analysis_tests}/test_figures.py
                 ${iotsec_scratch}/analysis-figures
)
foreach(name resume failures commits cli)
  add_test(NAME iotsec-analysis-${name}
           COMMAND ${IOTSEC_PYTHON} ${iotsec_analysis_tests}/test_${name}.py ${CMAKE_BINARY_DIR}
                   ${iotsec_scratch}/analysis-${name}
  )
endforeach()
set_tests_properties(
  iotsec-analysis-campaign iotsec-analysis-stats iotsec-analysis-figures iotsec-analysis-resume
  iotsec-analysis-failures iotsec-analysis-commits iotsec-analysis-cli
  PROPERTIES LABELS "check" TIMEOUT 180
)
# A real SLURM: a one-node cluster started (and stopped) by the test, or the one already running
add_test(NAME iotsec-analysis-slurm
         COMMAND ${IOTSEC_PYTHON} ${iotsec_analysis_tests}/test_slurm.py ${CMAKE_BINARY_DIR}
                 ${iotsec_scratch}/analysis-slurm
)
set_tests_properties(iotsec-analysis-slurm PROPERTIES LABELS "check" TIMEOUT 300)

# NeighborListSpectrumChannel gives the results of ns-3's stock channel: the examples'
# defaults, lossy multi-floor runs for several seeds, the bench's 10 x 100 building
add_test(NAME iotsec-channel-identity
         COMMAND ${IOTSEC_PYTHON} ${CMAKE_CURRENT_SOURCE_DIR}/test/check-channel-identity.py
                 $<TARGET_FILE_DIR:building-automation> ${iotsec_scratch}/channel-identity
)
set_tests_properties(iotsec-channel-identity PROPERTIES LABELS "check" TIMEOUT 600)

add_test(NAME iotsec-wire-dtls
         COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/test/check-dtls-pcap.sh $<TARGET_FILE:handshake-loss>
                 ${iotsec_scratch}/wire-dtls
)
set_tests_properties(iotsec-wire-dtls PROPERTIES LABELS "check;wire" TIMEOUT 120)

# Fuzz-target corpus replays (malformed input is rejected, nothing crashes)
foreach(target ${iotsec_fuzz_targets})
  add_test(NAME iotsec-fuzz-replay-${target}
           COMMAND $<TARGET_FILE:fuzz-${target}-replay>
                   ${CMAKE_CURRENT_SOURCE_DIR}/utils/fuzz/corpus/${target}
  )
  set_tests_properties(iotsec-fuzz-replay-${target} PROPERTIES LABELS "check;fuzz" TIMEOUT 300)
endforeach()
# CoAP interoperability with libcoap on loopback (utils/coap-probe is the host binding of the
# engine the simulations use)
foreach(direction client server)
  add_test(NAME iotsec-coap-interop-${direction}
           COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/test/check-coap-interop.sh ${direction}
                   $<TARGET_FILE:coap-probe> ${iotsec_scratch}
  )
  set_tests_properties(iotsec-coap-interop-${direction} PROPERTIES LABELS "check" TIMEOUT 120)
endforeach()
# coaps:// (CoAP over the DTLS engine, PSK, AES-128-CCM-8) against libcoap's
# coap-server-openssl and coap-client-openssl, each direction's session counted
foreach(direction client server)
  add_test(NAME iotsec-coaps-interop-${direction}
           COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/test/check-coap-interop.sh ${direction}
                   $<TARGET_FILE:coap-probe> ${iotsec_scratch} coaps
  )
  set_tests_properties(iotsec-coaps-interop-${direction} PROPERTIES LABELS "check;interop"
                                                                    TIMEOUT 120
  )
endforeach()

# coaps:// across the border router (building-automation, dtls-1n), dissected by tshark
add_test(NAME iotsec-coaps-pcap
         COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/test/check-coaps-pcap.sh
                 $<TARGET_FILE:building-automation> ${iotsec_scratch}/coaps-pcap)
set_tests_properties(iotsec-coaps-pcap PROPERTIES LABELS "check;wire" TIMEOUT 300)

# The CoAP of coap-floor, dissected by tshark from its 802.15.4 pcaps
add_test(NAME iotsec-coap-pcap
         COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/test/check-coap-pcap.sh $<TARGET_FILE:coap-floor>
                 ${iotsec_scratch}
)
set_tests_properties(iotsec-coap-pcap PROPERTIES LABELS "check" TIMEOUT 300)

# The OSCORE of coap-floor --security=object, dissected and decrypted by tshark
add_test(NAME iotsec-oscore-pcap
         COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/test/check-oscore-pcap.sh $<TARGET_FILE:coap-floor>
                 ${iotsec_scratch}
)
set_tests_properties(iotsec-oscore-pcap PROPERTIES LABELS "check;wire" TIMEOUT 300)

add_test(NAME iotsec-doc COMMAND ${IOTSEC_PYTHON} ${CMAKE_CURRENT_SOURCE_DIR}/test/check-doc.py
                                 ${CMAKE_CURRENT_SOURCE_DIR}
)
set_tests_properties(iotsec-doc PROPERTIES LABELS "check" TIMEOUT 60)

# utils/coap-flood-bench on 20,000 spoofed requests: tables within their caps and consistent,
# every request answered (it exits 1 otherwise). Speed is printed, never asserted.
add_test(NAME iotsec-coap-flood-bench-tiny
         COMMAND $<TARGET_FILE:coap-flood-bench> --requests 20000 --max-dedup 1000
)
set_tests_properties(iotsec-coap-flood-bench-tiny PROPERTIES LABELS "check" TIMEOUT 120)

# ./iotsec bench on a 2 x 3 building (analysis/bench.py): its JSON, ratios, --compare, errors.
# Measures nothing it asserts: speed is benchmarked, never tested.
add_test(NAME iotsec-bench-tiny
         COMMAND ${IOTSEC_PYTHON} ${iotsec_analysis_tests}/test_bench.py ${CMAKE_BINARY_DIR}
                 ${iotsec_scratch}/bench-tiny
)
set_tests_properties(iotsec-bench-tiny PROPERTIES LABELS "check" TIMEOUT 300)

# The simulated DTLS handshakes against the exact loss model (DtlsHandshakeLossModel), where
# the model's assumptions hold: one hop, no MAC retries, independent frame erasures
add_test(NAME iotsec-handshake-loss-model
         COMMAND ${IOTSEC_PYTHON} ${CMAKE_CURRENT_SOURCE_DIR}/test/check-handshake-loss-model.py
                 $<TARGET_FILE:handshake-loss> ${iotsec_scratch}/handshake-loss-model
)
set_tests_properties(iotsec-handshake-loss-model PROPERTIES LABELS "check" TIMEOUT 600)

# DTLS handshakes over three duty-cycled hops (LplNetDevice) against always-on + the waits
# for the receivers' checks, and Vucinic et al.'s range
add_test(NAME iotsec-lpl-handshake
         COMMAND ${IOTSEC_PYTHON} ${CMAKE_CURRENT_SOURCE_DIR}/test/check-lpl-handshake.py
                 $<TARGET_FILE:handshake-loss> ${iotsec_scratch}/lpl-handshake
)
set_tests_properties(iotsec-lpl-handshake PROPERTIES LABELS "check" TIMEOUT 600)

# 1,000 duty-cycled lights idle for 600 s cost no events; the closed form equals the explicit
# model (an event per check) on the whole building
add_test(NAME iotsec-lpl-idle
         COMMAND ${IOTSEC_PYTHON} ${CMAKE_CURRENT_SOURCE_DIR}/test/check-lpl-idle.py
                 $<TARGET_FILE:building-automation> ${iotsec_scratch}/lpl-idle
)
set_tests_properties(iotsec-lpl-idle PROPERTIES LABELS "check" TIMEOUT 600)

# The four ways through the 6LBR side by side (e2e-security): success, Finished checks,
# plaintext and state at the 6LBR, tampering detected, loss; and what tshark reads of each
# Under the sanitizers its statistical part (400 runs of the mapping against the closed form)
# is left out: it checks a model, not memory safety, and the runs before it take the same paths
if(IOTSEC_SANITIZE)
  set(iotsec_e2e_args --no-model)
endif()
add_test(NAME iotsec-e2e-security
         COMMAND ${IOTSEC_PYTHON} ${CMAKE_CURRENT_SOURCE_DIR}/test/check-e2e-security.py
                 $<TARGET_FILE:e2e-security> ${iotsec_scratch}/e2e-security ${iotsec_e2e_args}
)
set_tests_properties(iotsec-e2e-security PROPERTIES LABELS "check" TIMEOUT 600)
add_test(NAME iotsec-wire-e2e
         COMMAND ${IOTSEC_PYTHON} ${CMAKE_CURRENT_SOURCE_DIR}/test/check-e2e-pcap.py
                 $<TARGET_FILE:e2e-security> ${iotsec_scratch}/wire-e2e
)
set_tests_properties(iotsec-wire-e2e PROPERTIES LABELS "check;wire" TIMEOUT 300)

# The attack study (border-router-attacks): each attack with the 6LBRs' filter off and on,
# against the numbers the attacker's rate, the token buckets and the amplification budget
# predict; the 10 x 100 building; bad parameters
add_test(NAME iotsec-border-router-attacks
         COMMAND ${IOTSEC_PYTHON} ${CMAKE_CURRENT_SOURCE_DIR}/test/check-border-router-attacks.py
                 $<TARGET_FILE:border-router-attacks> ${iotsec_scratch}/border-router-attacks
)
set_tests_properties(iotsec-border-router-attacks PROPERTIES LABELS "check" TIMEOUT 600)

# Kang's PSK re-configuration (oob-bootstrap): Kang's scheme over NFC, the in-band baseline,
# QR's one-way channel, the installer's chance over audio against the channel model, the
# bootstrap time against the OOB airtime; bad parameters
add_test(NAME iotsec-oob-bootstrap
         COMMAND ${IOTSEC_PYTHON} ${CMAKE_CURRENT_SOURCE_DIR}/test/check-oob-bootstrap.py
                 $<TARGET_FILE:oob-bootstrap> ${iotsec_scratch}/oob-bootstrap
)
set_tests_properties(iotsec-oob-bootstrap PROPERTIES LABELS "check" TIMEOUT 300)

# An HTTPS (and a CoAP-over-DTLS) gateway whose TLS (DTLS) server runs in a secure element
# (secure-element-server): at a low rate every server answers every client and nothing is
# refused, the card's handshake is slower than the host's and exporting the session gives
# the higher record throughput; at a high rate with a small backlog the per-record card
# refuses connections and the host's own handshakes stay fast; bad parameters
add_test(NAME iotsec-secure-element-server
         COMMAND ${IOTSEC_PYTHON} ${CMAKE_CURRENT_SOURCE_DIR}/test/check-secure-element-server.py
                 $<TARGET_FILE:secure-element-server> ${iotsec_scratch}/secure-element-server
)
set_tests_properties(iotsec-secure-element-server PROPERTIES LABELS "check" TIMEOUT 300)

# QrOobChannel's byte-mode capacity table (ISO/IEC 18004) against libqrencode, versions 1..40
# x L/M/Q/H: each capacity fits its version exactly, one byte more does not (skipped without
# qrencode)
add_test(NAME iotsec-qr-capacity
         COMMAND ${IOTSEC_PYTHON} ${CMAKE_CURRENT_SOURCE_DIR}/test/check-qr-capacity.py
                 ${CMAKE_CURRENT_SOURCE_DIR}
)
set_tests_properties(iotsec-qr-capacity PROPERTIES LABELS "check" TIMEOUT 120 SKIP_RETURN_CODE 77)
