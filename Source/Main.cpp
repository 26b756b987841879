#include "HostApplication.h"

// JUCE's main: it hands the web view's helper process its own entry point
// before anything here reads the command line.
START_JUCE_APPLICATION (HostApplication)
