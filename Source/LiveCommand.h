#pragma once

#include "CommandLineOptions.h"

/** The live host: runs the plugin on an audio device until --duration ends
    or SIGINT/SIGTERM arrives, logging its status to standard error. Returns
    the process exit code.
*/
int runLiveCommand (const CommandLineOptions& options, const juce::File& plugin);
