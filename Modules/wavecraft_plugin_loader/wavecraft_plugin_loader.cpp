#ifdef WAVECRAFT_PLUGIN_LOADER_H_INCLUDED
#error "Compile wavecraft_plugin_loader.cpp on its own, with nothing included before it: JUCE's module format"
#endif

#include "wavecraft_plugin_loader.h"

#include <charconv>
#include <cmath>

#include <nlohmann/json.hpp> // parses the plugin's JSON; never in a header

#include "loading/wavecraft_PluginCall.cpp"
#include "parameters/wavecraft_ParameterSpec.cpp"
#include "parameters/wavecraft_ParameterSpecParser.cpp"
#include "parameters/wavecraft_ParameterStore.cpp"
#include "loading/wavecraft_PluginLoadError.cpp"
#include "loading/wavecraft_PluginLibrary.cpp"
#include "loading/wavecraft_InProcessPluginInstance.cpp"
