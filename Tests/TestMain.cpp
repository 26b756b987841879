// The Catch2 runner, alone in its file because it is slow to compile.
#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>

#include <juce_events/juce_events.h>
#include <wavecraft_isolation/wavecraft_isolation.h>

#include <iostream>
#include <mutex>

namespace
{
// Every test runs with the modules' thread contracts checked: a call on the
// wrong thread anywhere fails the run, as a test would.
std::mutex brokenContractsLock;
juce::StringArray brokenContracts;

void recordBrokenContract (const juce::String& function, const char* requiredThread)
{
    const std::lock_guard<std::mutex> lock (brokenContractsLock);
    brokenContracts.add (function + " was called off " + requiredThread);
}
} // namespace

int main (int argc, char* argv[])
{
    // The isolated plugins of the tests run in workers that are this binary.
    if (const auto workerExitCode = wavecraft::PluginWorker::runIfRequested (argc, argv))
        return *workerExitCode;

    // JUCE's message manager and device code expect this to exist.
    juce::ScopedJuceInitialiser_GUI juce;
    wavecraft::ThreadContract::setHandler (recordBrokenContract);
    const auto failures = Catch::Session().run (argc, argv);

    const std::lock_guard<std::mutex> lock (brokenContractsLock);

    if (! brokenContracts.isEmpty())
    {
        std::cerr << "thread contracts broken:\n  " << brokenContracts.joinIntoString ("\n  ") << std::endl;
        return failures != 0 ? failures : 1;
    }

    return failures;
}
