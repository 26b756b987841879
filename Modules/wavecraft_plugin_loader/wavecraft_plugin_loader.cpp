#ifdef WAVECRAFT_PLUGIN_LOADER_H_INCLUDED
/* When you add this cpp file to your project, you mustn't include it in a file
    where you've already included any other headers - just put it inside a file
    on its own, possibly with your config flags preceding it, but don't include
    anything else. That also includes avoiding any automatic prefix header files
    that the compiler may be using.
 */
#error "Incorrect use of the wavecraft_plugin_loader cpp file"
#endif

#include "wavecraft_plugin_loader.h"

#include <charconv>
#include <cmath>

#include <nlohmann/json.hpp> // parses the plugin's JSON; never in a header

#include "parameters/wavecraft_ParameterSpec.cpp"
#include "parameters/wavecraft_ParameterSpecParser.cpp"
#include "parameters/wavecraft_ParameterStore.cpp"
#include "loading/wavecraft_PluginLoadError.cpp"
#include "loading/wavecraft_PluginLibrary.cpp"
#include "loading/wavecraft_PluginProcessor.cpp"
#include "loading/wavecraft_LoadedPlugin.cpp"
