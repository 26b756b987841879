#ifdef WAVECRAFT_PLUGIN_FORMAT_H_INCLUDED
#error "Compile wavecraft_plugin_format.cpp on its own, with nothing included before it: JUCE's module format"
#endif

#include "wavecraft_plugin_format.h"

#include <poll.h>
#include <sys/stat.h>
#include <unistd.h>

#include "watching/wavecraft_FileStamp.cpp"
#include "watching/wavecraft_FileChangeWatcher.cpp"
#include "parameters/wavecraft_DevParameterFactory.cpp"
#include "parameters/wavecraft_DevParameterState.cpp"
#include "instance/wavecraft_DevPluginInstance.cpp"
#include "format/wavecraft_DevPluginFormat.cpp"
#include "parameters/wavecraft_ProcessorParameters.cpp"
