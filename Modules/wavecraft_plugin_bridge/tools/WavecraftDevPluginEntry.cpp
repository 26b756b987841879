// The plugin's entry point for wavecraft_add_dev_plugin: a DevLibraryProcessor
// on the library the target was made for, with the parameter list read from
// it when the target was built. WAVECRAFT_DEV_LIBRARY in the environment
// points a plugin at another build of the library.
#include <wavecraft_plugin_bridge/wavecraft_plugin_bridge.h>

#include "WavecraftDevParameters.h"

juce::AudioProcessor* JUCE_CALLTYPE createPluginFilter();

juce::AudioProcessor* JUCE_CALLTYPE createPluginFilter()
{
    wavecraft::DevLibraryProcessor::Options options;
    const auto overridden = juce::SystemStats::getEnvironmentVariable ("WAVECRAFT_DEV_LIBRARY", {});
    options.library = juce::File (overridden.isNotEmpty() ? overridden : juce::String (WAVECRAFT_DEV_LIBRARY_PATH));
    options.parametersJson = wavecraftDevParametersJson;
    options.name = JucePlugin_Name;
    return new wavecraft::DevLibraryProcessor (options);
}
