# The translation template: every user-visible string of the project (tr() in C++, .ui forms),
# extracted by lupdate into <build>/translations/drove-console.ts on every build where a source
# changed. Translators start from it (copy to drove-console_<lang>.ts, translate in Linguist).
#
# Call drove_add_translation_template() once every target exists.
function(drove_add_translation_template)
    set(_targets drove_protocol drove_controller drove_controller_http drove_client drove_models
                 drove_ui drove_app_common drove-console drove-embedded)
    set(_files "")
    foreach(_target IN LISTS _targets)
        if(NOT TARGET ${_target})
            continue()
        endif()
        get_target_property(_dir ${_target} SOURCE_DIR)
        get_target_property(_sources ${_target} SOURCES)
        foreach(_source IN LISTS _sources)
            if(_source MATCHES "\\.(cpp|h|ui)$" AND NOT _source MATCHES "^\\$<")
                if(NOT IS_ABSOLUTE "${_source}")
                    set(_source "${_dir}/${_source}")
                endif()
                if(EXISTS "${_source}")
                    list(APPEND _files "${_source}")
                endif()
            endif()
        endforeach()
    endforeach()
    list(REMOVE_DUPLICATES _files)
    list(SORT _files)

    set(_out "${CMAKE_BINARY_DIR}/translations")
    set(_ts "${_out}/drove-console.ts")
    set(_list "${_out}/sources.lst")
    string(REPLACE ";" "\n" _lines "${_files}")
    file(MAKE_DIRECTORY "${_out}")
    file(CONFIGURE OUTPUT "${_list}" CONTENT "${_lines}\n")
    add_custom_command(
        OUTPUT "${_ts}"
        COMMAND Qt6::lupdate -silent -locations relative -no-obsolete -source-language en_US
                -I "${PROJECT_SOURCE_DIR}"
                "@${_list}" -ts "${_ts}"
        DEPENDS ${_files} "${_list}"
        COMMENT "Extracting user-visible strings into translations/drove-console.ts"
        VERBATIM)
    add_custom_target(drove_translation_template ALL DEPENDS "${_ts}")
    set(DROVE_TRANSLATION_TEMPLATE "${_ts}" PARENT_SCOPE)
endfunction()
