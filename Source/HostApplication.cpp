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

/** Live and --validate, an LV2 URI is played from its bundle, whose binary
    is watched for rebuilds: one that holds this plugin alone. None, said on
    standard error, when it isn't installed or shares its bundle.
*/
juce::File findBundleOfOnePlugin (const juce::String& uri)
{
    const auto bundle = wavecraft::FormatPluginLoader::findLv2Bundle (uri);

    if (bundle == juce::File())
    {
        StandardErrorLog::writeLine ("no LV2 plugin " + uri + " in LV2_PATH (" + juce::SystemStats::getEnvironmentVariable ("LV2_PATH", "not set")
                                     + "), ~/.lv2, /usr/lib/lv2 or /usr/local/lib/lv2; install it, or add the folder that holds its bundle to LV2_PATH");
        return {};
    }

    if (const auto uris = wavecraft::FormatPluginLoader::findLv2PluginsIn (bundle); uris.size() != 1)
    {
        StandardErrorLog::writeLine (uri + " is one of " + wavecraft::countOf (uris.size(), "plugin", "plugins") + " in " + bundle.getFullPathName()
                                     + ": live hosting and --validate take a bundle that holds one plugin, whose binary a rebuild replaces;"
                                     + " --render takes the URI");
        return {};
    }

    return bundle;
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

    if (options.startProject)
    {
        project = std::make_unique<StartCommand> (options);
        return project->start();
    }

    const auto location = options.pluginGiven ? options.plugin : wavecraft::PluginLocation::devLibrary (findBundledPlugin());

    if (options.isRender())
        return runRenderCommand (options, location);

    const auto plugin = location.lv2Uri.isNotEmpty() ? findBundleOfOnePlugin (location.lv2Uri) : location.file;

    if (plugin == juce::File())
        return 2;

    if (options.validate)
        return runValidateCommand (options, plugin);

    live = std::make_unique<LiveCommand> (options, plugin);

    if (const auto exitCode = live->start(); exitCode != 0)
        return exitCode;

    return -1;
}

void HostApplication::finish (int exitCode)
{
    project.reset();
    live.reset();
    setApplicationReturnValue (exitCode);
    quit();
}

void HostApplication::shutdown()
{
    project.reset();
    live.reset();
    juce::Logger::setCurrentLogger (nullptr);
}
