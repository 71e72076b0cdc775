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

set_tests_properties(iotsec-format iotsec-wscript-consistency iotsec-results-contract
                     PROPERTIES LABELS "check" TIMEOUT 600
)

# CoAP interoperability with libcoap on loopback (utils/coap-probe is the host binding of the
# engine the simulations use)
foreach(direction client server)
  add_test(NAME iotsec-coap-interop-${direction}
           COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/test/check-coap-interop.sh ${direction}
                   $<TARGET_FILE:coap-probe> ${iotsec_scratch}
  )
  set_tests_properties(iotsec-coap-interop-${direction} PROPERTIES LABELS "check" TIMEOUT 120)
endforeach()

# The CoAP of coap-floor, dissected by tshark from its 802.15.4 pcaps
add_test(NAME iotsec-coap-pcap
         COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/test/check-coap-pcap.sh $<TARGET_FILE:coap-floor>
                 ${iotsec_scratch}
)
set_tests_properties(iotsec-coap-pcap PROPERTIES LABELS "check" TIMEOUT 300)
