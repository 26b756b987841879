#pragma once

#include "CommandLineOptions.h"

/** `wavecraft-host --render IN OUT`: loads the plugin, applies --set values,
    processes the file and returns the process exit code (0, or 2 with a
    one-line reason on standard error).
*/
int runRenderCommand (const CommandLineOptions& options, const juce::File& plugin);

/** Applies "id=value" settings to a store; returns the first error, or "". */
juce::String applyParameterSettings (const juce::StringArray& settings, wavecraft::ParameterStore& store);
