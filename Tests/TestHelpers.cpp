#include "TestHelpers.h"

#include <fcntl.h>
#include <spawn.h>
#include <unistd.h>

extern char** environ;

namespace wavecraft::test
{

ScopedLogCapture::ScopedLogCapture (juce::StringArray& linesToFill)
    : lines (linesToFill),
      previous (juce::Logger::getCurrentLogger())
{
    juce::Logger::setCurrentLogger (this);
}

ScopedLogCapture::~ScopedLogCapture()
{
    juce::Logger::setCurrentLogger (previous);
}

void ScopedLogCapture::logMessage (const juce::String& message)
{
    const std::lock_guard<std::mutex> guard (lock);
    lines.add (message);
}

juce::File getTestPlugin (const juce::String& name)
{
    return juce::File (WAVECRAFT_TEST_PLUGIN_DIR).getChildFile (name + WAVECRAFT_PLUGIN_SUFFIX);
}

juce::File getExamplePlugin (const juce::String& name)
{
#if JUCE_WINDOWS
    return juce::File (WAVECRAFT_OUTPUT_DIR).getChildFile (name + ".dll");
#else
    return juce::File (WAVECRAFT_OUTPUT_DIR).getChildFile ("lib" + name + WAVECRAFT_PLUGIN_SUFFIX);
#endif
}

juce::File getHostBinary()
{
    return juce::File (WAVECRAFT_HOST_BINARY);
}

std::shared_ptr<PluginLibrary> loadOrFail (const juce::File& file)
{
    auto result = PluginLibrary::load (file);
    INFO (result.error.describe());
    REQUIRE_FALSE (result.failed());
    return result.library;
}

std::unique_ptr<InProcessPluginInstance> createOrFail (std::shared_ptr<PluginLibrary> library)
{
    PluginLoadError error;
    auto processor = InProcessPluginInstance::create (std::move (library), error);
    INFO (error.describe());
    REQUIRE (processor != nullptr);
    return processor;
}

std::unique_ptr<DevPluginInstance> loadInstance (const juce::String& name, bool isolated)
{
    DevPluginFormat::Options options;
    options.isolated = isolated;
    PluginLoadError error;
    auto instance = DevPluginFormat (options).createInstance (getTestPlugin (name), error);
    INFO (error.describe());
    REQUIRE (instance != nullptr);
    return instance;
}

bool setPlainValue (DevPluginInstance& instance, const juce::String& id, float value)
{
    auto* parameter = instance.getParameterForId (id);

    if (parameter == nullptr)
        return false;

    parameter->setValueNotifyingHost (parameter->convertTo0to1 (value));
    return true;
}

PluginInstance::BlockResult processWith (PluginInstance& instance, float* const* channels, int numSamples,
                                         const ParameterStore& store)
{
    std::vector<float> values ((size_t) store.size());
    store.copyValuesTo (values.data());
    return instance.process (channels, numSamples, values.data(), values.size());
}

TestPluginCounters& getCounters (const PluginLibrary& library)
{
    auto* function = reinterpret_cast<TestPluginCountersFn> (library.getFunction ("wavecraft_test_counters"));
    REQUIRE (function != nullptr);
    return *function();
}

TemporaryFolder::TemporaryFolder()
    // The pid keeps parallel test processes out of each other's folders.
    : folder (juce::File::getSpecialLocation (juce::File::tempDirectory)
                  .getNonexistentChildFile ("wavecraft-test-" + juce::String (getpid()) + "-", "", false))
{
    folder.createDirectory();
}

TemporaryFolder::~TemporaryFolder()
{
    folder.deleteRecursively();
}

void writeWav (const juce::File& file, const juce::AudioBuffer<float>& samples, double sampleRate, int bits)
{
    file.deleteFile();
    auto stream = file.createOutputStream();
    REQUIRE (stream != nullptr);

    juce::WavAudioFormat wav;
    std::unique_ptr<juce::AudioFormatWriter> writer (wav.createWriterFor (stream.get(), sampleRate,
                                                                          (unsigned int) samples.getNumChannels(),
                                                                          bits, {}, 0));
    REQUIRE (writer != nullptr);
    stream.release();
    REQUIRE (writer->writeFromAudioSampleBuffer (samples, 0, samples.getNumSamples()));
}

RawAudio readRaw (const juce::File& file)
{
    juce::AudioFormatManager formats;
    formats.registerBasicFormats();
    std::unique_ptr<juce::AudioFormatReader> reader (formats.createReaderFor (file));
    REQUIRE (reader != nullptr);

    RawAudio audio;
    audio.sampleRate = reader->sampleRate;
    audio.bitsPerSample = (int) reader->bitsPerSample;
    audio.isFloat = reader->usesFloatingPointData;
    audio.length = reader->lengthInSamples;
    audio.channels.assign (reader->numChannels, std::vector<int> ((size_t) audio.length));

    std::vector<int*> pointers;

    for (auto& channel : audio.channels)
        pointers.push_back (channel.data());

    REQUIRE (reader->read (pointers.data(), (int) pointers.size(), 0, (int) audio.length, false));
    return audio;
}

juce::AudioBuffer<float> makeTestSignal (int numChannels, int numSamples)
{
    juce::AudioBuffer<float> buffer (numChannels, numSamples);
    juce::Random random (1234);

    for (int channel = 0; channel < numChannels; ++channel)
    {
        double phase = 0.0;

        for (int i = 0; i < numSamples; ++i)
        {
            phase += 0.001 + 0.0001 * (double) i / numSamples * (channel + 1);
            buffer.setSample (channel, i, (float) (0.8 * std::sin (phase) + 0.05 * (random.nextFloat() - 0.5f)));
        }
    }

    return buffer;
}

CommandResult runCommand (const juce::StringArray& arguments, int timeoutMs)
{
    juce::ChildProcess process;
    REQUIRE (process.start (arguments, juce::ChildProcess::wantStdOut | juce::ChildProcess::wantStdErr));

    CommandResult result;
    result.output = process.readAllProcessOutput();
    REQUIRE (process.waitForProcessToFinish (timeoutMs));
    result.exitCode = (int) process.getExitCode();
    return result;
}

void pumpMessages (int milliseconds)
{
    juce::MessageManager::getInstance()->runDispatchLoopUntil (milliseconds);
}

bool pumpUntil (const std::function<bool()>& condition, int timeoutMs)
{
    const auto deadline = juce::Time::getMillisecondCounter() + (juce::uint32) timeoutMs;

    while (juce::Time::getMillisecondCounter() < deadline)
    {
        if (condition())
            return true;

        pumpMessages (20);
    }

    return condition();
}

int spawnProcess (const juce::StringArray& arguments, const juce::File& output)
{
    std::vector<std::string> strings;

    for (const auto& argument : arguments)
        strings.push_back (argument.toStdString());

    std::vector<char*> argv;

    for (auto& string : strings)
        argv.push_back (string.data());

    argv.push_back (nullptr);

    const auto path = output == juce::File() ? std::string ("/dev/null") : output.getFullPathName().toStdString();
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init (&actions);
    posix_spawn_file_actions_addopen (&actions, 1, path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_adddup2 (&actions, 1, 2);
    pid_t pid = -1;
    const auto spawned = posix_spawnp (&pid, argv[0], &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy (&actions);
    return spawned == 0 ? (int) pid : -1;
}

} // namespace wavecraft::test
