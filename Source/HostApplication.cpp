#include "HostApplication.h"
#include "RenderCommand.h"
#include "ValidateCommand.h"
#include "StandardErrorLog.h"

#include <iostream>

#ifndef WAVECRAFT_HOST_VERSION
#define WAVECRAFT_HOST_VERSION "0.0.0"
#endif

namespace
{
/** The example plugin the build puts next to the binary. */
juce::File findBundledPlugin()
{
#if JUCE_WINDOWS
    const juce::String name = "wavecraft_example_filter.dll";
#elif JUCE_MAC
    const juce::String name = "libwavecraft_example_filter.dylib";
#else
    const juce::String name = "libwavecraft_example_filter.so";
#endif

    return juce::File::getSpecialLocation (juce::File::currentExecutableFile).getSiblingFile (name);
}
} // namespace

const juce::String HostApplication::getApplicationVersion()
{
    return WAVECRAFT_HOST_VERSION;
}

void HostApplication::initialise (const juce::String&)
{
    juce::Logger::setCurrentLogger (&log);

    if (const auto exitCode = runCommandLine (getCommandLineParameterArray()); exitCode >= 0)
        finish (exitCode);
}

int HostApplication::runCommandLine (const juce::StringArray& arguments)
{
    CommandLineOptions options;
    juce::String error;

    if (! CommandLineOptions::parse (arguments, options, error))
    {
        StandardErrorLog::writeLine (error);
        return 2;
    }

    if (options.showHelp)
    {
        std::cout << CommandLineOptions::getHelpText();
        return 0;
    }

    if (options.showVersion)
    {
        std::cout << "wavecraft-host " << WAVECRAFT_HOST_VERSION << std::endl;
        return 0;
    }

    const auto location = options.pluginGiven ? options.plugin : wavecraft::PluginLocation::devLibrary (findBundledPlugin());

    if (options.isRender())
        return runRenderCommand (options, location);

    // Live, a rebuild is watched in the bundle; a URI names no bundle of the developer's.
    if (location.lv2Uri.isNotEmpty())
    {
        StandardErrorLog::writeLine (location.getName() + " is an LV2 plugin URI: live hosting and --validate take the plugin's bundle folder"
                                     + " (the .lv2 folder that holds it), so its rebuilds can be watched; --render takes the URI");
        return 2;
    }

    const auto plugin = location.file;

    if (options.validate)
        return runValidateCommand (options, plugin);

    live = std::make_unique<LiveCommand> (options, plugin);

    if (const auto exitCode = live->start(); exitCode != 0)
        return exitCode;

    return -1;
}

void HostApplication::finish (int exitCode)
{
    live.reset();
    setApplicationReturnValue (exitCode);
    quit();
}

void HostApplication::shutdown()
{
    live.reset();
    juce::Logger::setCurrentLogger (nullptr);
}
