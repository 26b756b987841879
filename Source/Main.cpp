#include "CommandLineOptions.h"
#include "RenderCommand.h"
#include "LiveCommand.h"

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

int main (int argc, char* argv[])
{
    juce::StringArray arguments;

    for (int i = 1; i < argc; ++i)
        arguments.add (juce::String::fromUTF8 (argv[i]));

    CommandLineOptions options;
    juce::String error;

    if (! CommandLineOptions::parse (arguments, options, error))
    {
        std::cerr << "wavecraft-host: " << error << std::endl;
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

    const auto plugin = options.plugin != juce::File() ? options.plugin : findBundledPlugin();

    if (options.isRender())
        return runRenderCommand (options, plugin);

    // The message loop (timers, the device manager, later the window) needs JUCE set up.
    juce::ScopedJuceInitialiser_GUI juceInitialiser;
    return runLiveCommand (options, plugin);
}
