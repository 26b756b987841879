#ifdef WAVECRAFT_PLUGIN_BRIDGE_H_INCLUDED
#error "Compile wavecraft_plugin_bridge.cpp on its own, with nothing included before it: JUCE's module format"
#endif

#include "wavecraft_plugin_bridge.h"

#include "processor/wavecraft_DevLibraryProcessor.cpp"
