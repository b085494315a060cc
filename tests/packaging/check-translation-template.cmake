# ctest -R translation_template: the build produced the translation template and it holds the
# console's strings under the contexts tr() uses at run time (namespaced class names).
#   cmake -DTS=<build>/translations/drove-console.ts -P check-translation-template.cmake
if(NOT EXISTS "${TS}")
    message(FATAL_ERROR "no translation template at ${TS}: build the drove_translation_template target")
endif()
file(READ "${TS}" _ts)
if(NOT _ts MATCHES "<TS version=")
    message(FATAL_ERROR "${TS} is not a Qt Linguist file")
endif()
string(REGEX MATCHALL "<message[ >]" _messages "${_ts}")
list(LENGTH _messages _count)
if(_count LESS 300)
    message(FATAL_ERROR "only ${_count} messages in ${TS}: lupdate missed sources")
endif()
foreach(_context IN ITEMS "drove::ui::MainWindow" "drove::ui::ScaleDialog" "drove::ui::ConnectDialog"
                          "drove::models::OperationTracker" "drove::client::ApiError" "ScaleForm")
    if(NOT _ts MATCHES "<name>${_context}</name>")
        message(FATAL_ERROR "context ${_context} missing from ${TS}")
    endif()
endforeach()
message(STATUS "${_count} messages in ${TS}")
