#pragma once

#include <wavecraft_dev_host/wavecraft_dev_host.h>

/** What the command line asked for (README.md lists it, and --help). Every option has
    a default, so an empty command line is a valid one.
*/
struct CommandLineOptions
{
    /** What --plugin names: a dev library, a VST3 or LV2 bundle, or an LV2
        URI; a dev library at the bundled example's path when not given.
    */
    wavecraft::PluginLocation plugin;
    bool pluginGiven = false;
    int port = 9000;
    bool headless = false;
    bool inProcess = false; /**< the plugin's code in this process: no crash isolation */
    juce::String uiUrl;     /**< empty: no web UI tab */
    juce::String deviceType, inputDevice, outputDevice;
    double sampleRate = 0.0;  /**< 0: the device's default */
    int bufferSize = 0;       /**< 0: the device's default (512 for --render) */
    juce::String inputSource; /**< empty: "device" with hardware */
    juce::File renderInput, renderOutput;
    juce::String compareWith;    /**< --compare: the other plugin, as --plugin takes it; empty: no null test */
    double toleranceDb = -120.0; /**< --tolerance-db: the most residue a null test passes */
    bool toleranceGiven = false;
    double durationSeconds = 0.0; /**< 0: run until stopped */
    juce::StringArray allowedOrigins;
    juce::File watchFolder;
    juce::String buildCommand;
    juce::File recordFile;
    juce::StringArray parameterSettings; /**< "id=value" from --set */
    int maxClients = 0;                  // 0: as many as the open-file limit allows
    bool showHelp = false, showVersion = false;
    bool validate = false, quickValidation = false; /**< --validate, --quick */
    juce::File validationJson, validationJunit;     /**< --json, --junit: empty for none */

    bool startProject = false; /**< `start`: project mode */
    juce::File projectFolder;  /**< with start: the project's folder (default: the current one) */
    int uiPort = 5173;         /**< with start: the UI's dev server */
    bool uiPortGiven = false;
    bool install = false, noInstall = false; /**< with start: npm install in ui/ without asking, or never */

    bool isRender() const { return renderInput != juce::File(); }

    /** Parses argv (without the program name). On bad usage returns false and
        sets `error` to one line naming the option and what it takes.
    */
    static bool parse (const juce::StringArray& arguments, CommandLineOptions& options, juce::String& error);

    static juce::String getHelpText();
};
