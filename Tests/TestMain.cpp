// The Catch2 runner, alone in its file because it is slow to compile.
#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>

#include <juce_events/juce_events.h>
#include <wavecraft_isolation/wavecraft_isolation.h>

int main (int argc, char* argv[])
{
    // The isolated plugins of the tests run in workers that are this binary.
    if (const auto workerExitCode = wavecraft::PluginWorker::runIfRequested (argc, argv))
        return *workerExitCode;

    // JUCE's message manager and device code expect this to exist.
    juce::ScopedJuceInitialiser_GUI juce;
    return Catch::Session().run (argc, argv);
}
