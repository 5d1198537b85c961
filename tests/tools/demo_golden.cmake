# Runs `glasstls demo ARGS` (ARGS: one string, split like a shell would) and
# compares its output with the golden file GOLDEN.
separate_arguments(args UNIX_COMMAND "${ARGS}")
execute_process(COMMAND ${GLASSTLS} demo ${args} OUTPUT_VARIABLE out RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "glasstls demo ${ARGS} exited with ${rc}")
endif()
file(READ ${GOLDEN} expected)
get_filename_component(name ${GOLDEN} NAME_WE)
if(NOT out STREQUAL expected)
  string(LENGTH "${out}" n_out)
  string(LENGTH "${expected}" n_expected)
  file(WRITE ${CMAKE_CURRENT_BINARY_DIR}/${name}.actual.txt "${out}")
  message(FATAL_ERROR "glasstls demo ${ARGS}: output (${n_out} chars) differs from ${GOLDEN} "
    "(${n_expected} chars); actual output written to ${CMAKE_CURRENT_BINARY_DIR}/${name}.actual.txt: "
    "diff the two")
endif()
message(STATUS "glasstls demo ${ARGS}: output matches ${GOLDEN}")
