#pragma once

#include <wavecraft_dev_host/wavecraft_dev_host.h>
#include <catch2/catch.hpp>

#include "test_plugin_counters.h"

namespace wavecraft::test
{

/** Collects the lines written through juce::Logger while it lives, and
    puts the logger before it back after.
*/
class ScopedLogCapture : private juce::Logger
{
public:
    explicit ScopedLogCapture (juce::StringArray& lines);
    ~ScopedLogCapture() override;

private:
    void logMessage (const juce::String& message) override;

    juce::StringArray& lines;
    juce::Logger* previous;
    std::mutex lock;
};

/** A test plugin library built from Tests/plugins (e.g. "tp_v2"). */
juce::File getTestPlugin (const juce::String& name);

/** An example plugin the build puts next to the host (e.g. "wavecraft_example_gain"). */
juce::File getExamplePlugin (const juce::String& name);

/** The wavecraft-host binary of this build. */
juce::File getHostBinary();

/** Loads a plugin and fails the test with the loader's message if it can't. */
std::shared_ptr<PluginLibrary> loadOrFail (const juce::File& file);

/** A processor of `library` in this process; fails the test with the error if create() fails. */
std::unique_ptr<InProcessPluginInstance> createOrFail (std::shared_ptr<PluginLibrary> library);

/** A test plugin as the host runs it, in this process or in a worker; fails
    the test with the loader's message if it can't be loaded.
*/
std::unique_ptr<DevPluginInstance> loadInstance (const juce::String& name, bool isolated = false);

/** Sets a plain value through the JUCE parameter, as a host would; false
    for an unknown id. No assertion here, so any thread but the audio
    thread may call it.
*/
bool setPlainValue (DevPluginInstance& instance, const juce::String& id, float value);

/** One block through `instance` with the values `store` holds, as a host
    passes them (a copy of the values is made: not for the audio thread).
*/
PluginInstance::BlockResult processWith (PluginInstance& instance, float* const* channels, int numSamples,
                                         const ParameterStore& store);

/** The counters of the copy that `library` loaded (test plugins only). */
TestPluginCounters& getCounters (const PluginLibrary& library);

/** A fresh folder, deleted with this object. */
struct TemporaryFolder
{
    TemporaryFolder();
    ~TemporaryFolder();

    juce::File getFile (const juce::String& name) const { return folder.getChildFile (name); }

    juce::File folder;
};

/** Writes samples to a WAV file; bits 32 writes float. */
void writeWav (const juce::File& file, const juce::AudioBuffer<float>& samples, double sampleRate, int bits);

/** The raw samples of a WAV/AIFF file, as JUCE's reader gives them: left-
    justified 32-bit ints for integer files, float bits for float files.
*/
struct RawAudio
{
    std::vector<std::vector<int>> channels;
    double sampleRate = 0.0;
    int bitsPerSample = 0;
    bool isFloat = false;
    juce::int64 length = 0;
};

RawAudio readRaw (const juce::File& file);

/** A buffer of a deterministic test signal (a sine sweep plus a little noise). */
juce::AudioBuffer<float> makeTestSignal (int numChannels, int numSamples);

/** Runs the message loop for a while. */
void pumpMessages (int milliseconds);

/** Runs the message loop until `condition` holds or the time runs out. */
bool pumpUntil (const std::function<bool()>& condition, int timeoutMs);

/** Starts a program (looked up on PATH) with its standard output and error
    going to `output` (nowhere when it is File()), without waiting for it.
    Returns its pid, or -1.
*/
int spawnProcess (const juce::StringArray& arguments, const juce::File& output);

/** Runs a command; returns its exit code and what it printed. */
struct CommandResult
{
    int exitCode = -1;
    juce::String output;
};

CommandResult runCommand (const juce::StringArray& arguments, int timeoutMs = 60000);

} // namespace wavecraft::test
