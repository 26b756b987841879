# wavecraft_add_dev_plugin: a JUCE plugin target that runs a Wavecraft dev
# library (wavecraft::DevLibraryProcessor) and reloads it when it is rebuilt.
#
#   include (path/to/wavecraft-host/Modules/wavecraft_plugin_bridge/cmake/WavecraftDevPlugin.cmake)
#   wavecraft_add_dev_plugin (MyDevPlugin
#       LIBRARY path/to/libmy_dsp.so          # or a target that builds it
#       FORMATS LV2 VST3 Standalone           # default: VST3 Standalone
#       PRODUCT_NAME "My DSP (dev)"
#       PLUGIN_CODE Mdsp PLUGIN_MANUFACTURER_CODE Wvcr
#       COMPANY_NAME "Me" COMPANY_WEBSITE "https://example.com" COMPANY_EMAIL "me@example.com"
#       LV2URI "https://example.com/plugins/my-dsp-dev")
#
# The parameter list is read from the library when the target is built (and
# again whenever the library changes): rebuild the target after adding a
# parameter. The library's path is built in; WAVECRAFT_DEV_LIBRARY in the
# environment points the plugin at another build. Needs JUCE (find_package
# (JUCE CONFIG)) and nlohmann/json 3; adds the Wavecraft modules if the project
# has not.

set (WAVECRAFT_BRIDGE_DIR "${CMAKE_CURRENT_LIST_DIR}/..")

function (wavecraft_add_dev_plugin target)
    cmake_parse_arguments (DEV "" "LIBRARY;PRODUCT_NAME;PLUGIN_CODE;PLUGIN_MANUFACTURER_CODE;COMPANY_NAME;COMPANY_WEBSITE;COMPANY_EMAIL;LV2URI" "FORMATS" ${ARGN})

    if (NOT DEV_LIBRARY)
        message (FATAL_ERROR "wavecraft_add_dev_plugin (${target}): give LIBRARY, the dev library (a path or a target)")
    endif()

    macro (_wavecraft_dev_default name value)
        if (NOT DEV_${name})
            set (DEV_${name} "${value}")
        endif()
    endmacro()

    _wavecraft_dev_default (FORMATS "VST3;Standalone")
    _wavecraft_dev_default (PRODUCT_NAME "${target}")
    _wavecraft_dev_default (PLUGIN_CODE "Wdev")
    _wavecraft_dev_default (PLUGIN_MANUFACTURER_CODE "Wvcr")
    _wavecraft_dev_default (COMPANY_NAME "Wavecraft")
    _wavecraft_dev_default (COMPANY_WEBSITE "https://github.com/wavecraft")
    _wavecraft_dev_default (COMPANY_EMAIL "dev@wavecraft.invalid")
    _wavecraft_dev_default (LV2URI "https://github.com/wavecraft/dev-plugins/${target}")

    if (TARGET "${DEV_LIBRARY}")
        set (library_file "$<TARGET_FILE:${DEV_LIBRARY}>")
        set (library_dependency "${DEV_LIBRARY}")
    else()
        get_filename_component (library_file "${DEV_LIBRARY}" ABSOLUTE)
        set (library_dependency "${library_file}")
    endif()

    # No server and no isolation: a DAW plugin runs its build in process and
    # serves nothing (wavecraft_plugin_bridge needs neither).
    foreach (module wavecraft_core wavecraft_plugin_loader wavecraft_plugin_format wavecraft_engine wavecraft_plugin_bridge)
        if (NOT TARGET ${module})
            juce_add_module ("${WAVECRAFT_BRIDGE_DIR}/../${module}")
        endif()
    endforeach()

    if (NOT TARGET wavecraft_params_dump)
        add_executable (wavecraft_params_dump "${WAVECRAFT_BRIDGE_DIR}/tools/wavecraft_params_dump.c")
        target_link_libraries (wavecraft_params_dump PRIVATE ${CMAKE_DL_LIBS})
    endif()

    set (generated "${CMAKE_CURRENT_BINARY_DIR}/${target}_wavecraft")
    add_custom_command (OUTPUT "${generated}/WavecraftDevParameters.h"
        COMMAND "${CMAKE_COMMAND}" -E make_directory "${generated}"
        COMMAND wavecraft_params_dump "${library_file}" "${generated}/WavecraftDevParameters.h"
        DEPENDS wavecraft_params_dump "${library_dependency}"
        COMMENT "Reading the parameter list of ${DEV_LIBRARY}"
        VERBATIM)

    juce_add_plugin (${target}
        FORMATS ${DEV_FORMATS}
        PRODUCT_NAME "${DEV_PRODUCT_NAME}"
        COMPANY_NAME "${DEV_COMPANY_NAME}"
        COMPANY_WEBSITE "${DEV_COMPANY_WEBSITE}"
        COMPANY_EMAIL "${DEV_COMPANY_EMAIL}"
        PLUGIN_CODE "${DEV_PLUGIN_CODE}"
        PLUGIN_MANUFACTURER_CODE "${DEV_PLUGIN_MANUFACTURER_CODE}"
        LV2URI "${DEV_LV2URI}"
        IS_SYNTH FALSE
        NEEDS_MIDI_INPUT FALSE
        NEEDS_MIDI_OUTPUT FALSE
        COPY_PLUGIN_AFTER_BUILD FALSE)

    target_sources (${target} PRIVATE "${WAVECRAFT_BRIDGE_DIR}/tools/WavecraftDevPluginEntry.cpp" "${generated}/WavecraftDevParameters.h")
    target_include_directories (${target} PRIVATE "${generated}")

    # Debian's JUCE replaces LV2URI unless it is given; its bundled codecs are stripped.
    target_compile_definitions (${target} PRIVATE
        "WAVECRAFT_DEV_LIBRARY_PATH=\"${library_file}\""
        "JucePlugin_LV2URI=\"${DEV_LV2URI}\""
        JUCE_WEB_BROWSER=0
        JUCE_USE_CURL=0
        JUCE_USE_FLAC=0
        JUCE_USE_OGGVORBIS=0
        JUCE_VST3_CAN_REPLACE_VST2=0
        JUCE_DISPLAY_SPLASH_SCREEN=0)

    find_package (nlohmann_json 3 REQUIRED)
    target_link_libraries (${target} PRIVATE
        wavecraft_plugin_bridge
        juce::juce_audio_utils
        nlohmann_json::nlohmann_json
        juce::juce_recommended_config_flags
        juce::juce_recommended_warning_flags)
endfunction()
