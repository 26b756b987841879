#include "HostApplication.h"

// JUCE's main, which also hands the web view's helper process its own entry
// point, with the plugin worker's before it: the host runs each plugin in a
// child process that is this executable, started again (see PluginWorker).
WAVECRAFT_START_JUCE_APPLICATION (HostApplication)
