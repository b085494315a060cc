# Placement is written once (docs/architecture.md): the rules live in placement/, which depends
# on protocol/ only; neither the controller nor the console decides a placement policy itself
# (no `case PlacementPolicyType::…` outside placement/ and protocol/). Fails with the lines.
#   cmake -DSOURCE_DIR=<repo> -P check-placement-once.cmake
cmake_minimum_required(VERSION 3.25)
if(NOT SOURCE_DIR)
    message(FATAL_ERROR "SOURCE_DIR is not set")
endif()
set(problems "")
file(GLOB placement "${SOURCE_DIR}/placement/*.h" "${SOURCE_DIR}/placement/*.cpp")
list(LENGTH placement count)
if(count LESS 4)
    message(FATAL_ERROR "Found only ${count} files under ${SOURCE_DIR}/placement")
endif()
foreach(file IN LISTS placement)
    get_filename_component(name "${file}" NAME)
    file(STRINGS "${file}" lines REGEX "#include \"(controller|models|client|ui|app)/")
    foreach(line IN LISTS lines)
        string(APPEND problems "  placement/${name} reaches above protocol: ${line}\n")
    endforeach()
endforeach()
file(GLOB_RECURSE others
    "${SOURCE_DIR}/controller/*.cpp" "${SOURCE_DIR}/controller/*.h"
    "${SOURCE_DIR}/models/*.cpp" "${SOURCE_DIR}/models/*.h"
    "${SOURCE_DIR}/client/*.cpp" "${SOURCE_DIR}/client/*.h"
    "${SOURCE_DIR}/ui/*.cpp" "${SOURCE_DIR}/ui/*.h")
foreach(file IN LISTS others)
    file(RELATIVE_PATH relative "${SOURCE_DIR}" "${file}")
    file(STRINGS "${file}" lines REGEX "case (protocol::)?PlacementPolicyType::")
    foreach(line IN LISTS lines)
        string(APPEND problems "  ${relative} decides a placement policy: ${line}\n")
    endforeach()
endforeach()
if(problems)
    message(FATAL_ERROR "placement is written twice:\n${problems}")
endif()
message(STATUS "placement/: ${count} files on protocol/ only; no policy decided elsewhere")
