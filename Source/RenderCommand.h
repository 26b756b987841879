#pragma once

#include "CommandLineOptions.h"

/** `wavecraft-host --render IN OUT`: loads the plugin, applies --set values,
    processes the file and returns the process exit code (0, or 2 with a
    one-line reason on standard error).
*/
int runRenderCommand (const CommandLineOptions& options, const wavecraft::PluginLocation& plugin);

/** Checks "id=value" settings against a store's specs and hands each value to
    `setValue` with its index; returns the first error, or "".
*/
juce::String applyParameterSettings (const juce::StringArray& settings, const wavecraft::ParameterStore& store,
                                     const std::function<void (int, float)>& setValue);
