#pragma once

#include "CommandLineOptions.h"

/** `wavecraft-host --validate`: checks the plugin headless, prints one line
    per check and a summary on standard output, writes --json and --junit,
    and returns the exit code: 0 when no check failed, 1 when one did.
*/
int runValidateCommand (const CommandLineOptions& options, const juce::File& plugin);
