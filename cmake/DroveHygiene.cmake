# One INTERFACE target carries the warning flags and Qt hygiene defines. Every target in the
# project links it; no directory sets flags of its own.
add_library(drove_hygiene INTERFACE)
add_library(Drove::Hygiene ALIAS drove_hygiene)

target_compile_options(drove_hygiene INTERFACE -Wall -Wextra -Wpedantic)
target_compile_definitions(drove_hygiene INTERFACE
    QT_NO_CAST_FROM_ASCII
    QT_NO_CAST_TO_ASCII
    QT_NO_CAST_FROM_BYTEARRAY
    QT_NO_URL_CAST_FROM_STRING
    QT_NO_NARROWING_CONVERSIONS_IN_CONNECT
    QT_USE_QSTRINGBUILDER
    QT_NO_FOREACH
    QT_DISABLE_DEPRECATED_BEFORE=0x060400)

if(DROVE_SANITIZE)
    target_compile_options(drove_hygiene INTERFACE
        -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
    target_link_options(drove_hygiene INTERFACE -fsanitize=address,undefined)
endif()

# libFuzzer builds (issue 16, fuzz/): clang only, a build directory of their own.
option(DROVE_BUILD_FUZZ "Build the libFuzzer targets in fuzz/ (clang)" OFF)
if(DROVE_BUILD_FUZZ)
    if(NOT CMAKE_CXX_COMPILER_ID MATCHES "Clang")
        message(FATAL_ERROR "DROVE_BUILD_FUZZ needs clang: -DCMAKE_CXX_COMPILER=clang++")
    endif()
    target_compile_options(drove_hygiene INTERFACE
        -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined
        -fno-omit-frame-pointer)
    target_link_options(drove_hygiene INTERFACE -fsanitize=address,undefined)
endif()
