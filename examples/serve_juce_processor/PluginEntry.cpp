// The Standalone (and any other format) build's entry point.
#include "ToneFilterProcessor.h"

juce::AudioProcessor* JUCE_CALLTYPE createPluginFilter();

juce::AudioProcessor* JUCE_CALLTYPE createPluginFilter()
{
    return new ToneFilterProcessor();
}
