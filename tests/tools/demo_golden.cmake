# Runs `glasstls demo --seed 1` and compares its output with the golden file.
execute_process(COMMAND ${GLASSTLS} demo --seed 1 OUTPUT_VARIABLE out RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "glasstls demo --seed 1 exited with ${rc}")
endif()
file(READ ${GOLDEN} expected)
if(NOT out STREQUAL expected)
  string(LENGTH "${out}" n_out)
  string(LENGTH "${expected}" n_expected)
  file(WRITE ${CMAKE_CURRENT_BINARY_DIR}/demo_seed1.actual.txt "${out}")
  message(FATAL_ERROR "demo output (${n_out} chars) differs from ${GOLDEN} (${n_expected} chars); "
    "actual output written to ${CMAKE_CURRENT_BINARY_DIR}/demo_seed1.actual.txt: diff the two")
endif()
message(STATUS "demo output matches ${GOLDEN}")
