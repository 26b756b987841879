#pragma once

#include "StartCommand.h"
#include "StandardErrorLog.h"

/** The wavecraft-host app. JUCE runs it (START_JUCE_APPLICATION), which
    also sets up what a window needs (X error handling, the web view's helper
    process) before the command line is read. initialise() parses the
    command line and either answers at once (--help, --version, --render, a
    bad option) and quits with the exit code, or starts the live host, which
    quits when it is done.
*/
class HostApplication : public juce::JUCEApplication
{
public:
    const juce::String getApplicationName() override { return "wavecraft-host"; }
    const juce::String getApplicationVersion() override;
    bool moreThanOneInstanceAllowed() override { return true; }

    void initialise (const juce::String& commandLine) override;
    void shutdown() override;
    void systemRequestedQuit() override { quit(); }
    void anotherInstanceStarted (const juce::String&) override {}

private:
    /** The exit code of a command that ends in initialise(), or -1 to run live. */
    int runCommandLine (const juce::StringArray& arguments);
    void finish (int exitCode);

    StandardErrorLog log;
    std::unique_ptr<LiveCommand> live;
    std::unique_ptr<StartCommand> project;
};
