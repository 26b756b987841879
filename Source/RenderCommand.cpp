#include "RenderCommand.h"
#include "StandardErrorLog.h"

#include <csignal>
#include <thread>

namespace
{
std::atomic<bool> stopRequested { false };
std::atomic<int> stopSignal { 0 };

void requestStop (int signal)
{
    stopSignal = signal;
    stopRequested = true;
}

const char* nameOfStopSignal()
{
    return stopSignal == SIGINT ? "SIGINT" : "SIGTERM";
}

/** The renderer sees a stop request only between blocks, so a plugin stuck in
    one process call would keep the host past the 2 s that SIGINT and SIGTERM
    are allowed. This thread ends the process 1 s after the request instead,
    deleting the partial file first, as the renderer would have.
*/
class StopDeadline
{
public:
    explicit StopDeadline (const juce::File& outputFile)
        : output (outputFile),
          thread ([this]
                  { run(); })
    {
    }

    ~StopDeadline()
    {
        finished = true;
        thread.join();
    }

private:
    void run()
    {
        double requestedAt = 0.0;

        while (! finished)
        {
            if (stopRequested && requestedAt == 0.0)
                requestedAt = juce::Time::getMillisecondCounterHiRes();

            if (requestedAt > 0.0 && juce::Time::getMillisecondCounterHiRes() - requestedAt > 1000.0)
            {
                wavecraft::OfflineRenderer::getPartialFile (output).deleteFile();
                StandardErrorLog::writeLine (juce::String ("render interrupted by ") + nameOfStopSignal() + " (the plugin did not return within 1 s); " + output.getFullPathName() + " was not written");
                std::_Exit (0);
            }

            std::this_thread::sleep_for (std::chrono::milliseconds (10));
        }
    }

    const juce::File output;
    std::atomic<bool> finished { false };
    std::thread thread;
};
} // namespace

juce::String applyParameterSettings (const juce::StringArray& settings, const wavecraft::ParameterStore& store,
                                     const std::function<void (int, float)>& setValue)
{
    for (const auto& setting : settings)
    {
        const auto id = setting.upToFirstOccurrenceOf ("=", false, false).trim();
        const auto text = setting.fromFirstOccurrenceOf ("=", false, false);
        const auto index = store.indexOf (id);

        if (index < 0)
        {
            juce::StringArray ids;

            for (const auto& spec : store.getSpecs())
                ids.add (spec.id);

            return "--set " + setting + ": the plugin has no parameter '" + id + "'"
                + (ids.isEmpty() ? juce::String (" (it has none)") : "; it has: " + ids.joinIntoString (", "));
        }

        float value = 0.0f;
        if (const auto parsed = store.getSpecs()[(size_t) index].parseValue (text, value); parsed.failed())
            return "--set " + setting + ": " + parsed.getErrorMessage();

        setValue (index, value);
    }

    return {};
}

namespace
{
int failWith (const juce::String& reason)
{
    StandardErrorLog::writeLine (reason);
    return 2;
}

/** What a developer reads after a render: exit 0 either way for a stop, with
    the one line a script needs to know that OUT is not there.
*/
int reportRender (const wavecraft::OfflineRenderer::Result& result, const CommandLineOptions& options,
                  const juce::File& plugin, double seconds)
{
    if (result.stopped)
    {
        StandardErrorLog::writeLine (juce::String ("render interrupted by ") + nameOfStopSignal() + " after " + juce::String ((double) result.numFrames / result.sampleRate, 2) + " s of audio; " + options.renderOutput.getFullPathName() + " was not written");
        return 0;
    }

    if (result.failed())
        return failWith (result.error);

    const auto audioSeconds = (double) result.numFrames / result.sampleRate;
    const auto speed = audioSeconds / juce::jmax (seconds, 1.0e-6);
    const auto pace = result.numFrames == 0 ? juce::String()
                                            : ", " + (speed >= 10.0 ? juce::String (juce::roundToInt (speed)) : juce::String (speed, speed >= 1.0 ? 1 : 2)) + "x real time";
    StandardErrorLog::writeLine ("rendered " + wavecraft::countOf (result.numFrames, "frame", "frames") + " (" + juce::String (audioSeconds, 2) + " s, "
                                 + juce::String (result.sampleRate, 0) + " Hz, " + wavecraft::countOf (result.numChannels, "channel", "channels")
                                 + ") through " + plugin.getFileName() + " in " + juce::String (seconds, 3) + " s" + pace + " -> "
                                 + options.renderOutput.getFullPathName());
    return 0;
}
} // namespace

int runRenderCommand (const CommandLineOptions& options, const juce::File& plugin)
{
    // First, so a signal during the plugin's load is a clean stop too.
    std::signal (SIGINT, requestStop);
    std::signal (SIGTERM, requestStop);
    StopDeadline stopDeadline (options.renderOutput);

    wavecraft::PluginLoadError loadError;
    const auto instance = wavecraft::DevPluginFormat().createInstance (plugin, loadError);

    if (instance == nullptr)
        return failWith (loadError.describe());

    // The settings are checked against the specs, and set as a host sets them.
    const wavecraft::ParameterStore parameters (instance->getParameterSpecs());
    const auto setValue = [&instance, &parameters] (int index, float value)
    {
        const auto& spec = parameters.getSpecs()[(size_t) index];
        instance->getParameterForId (spec.id)->setValueNotifyingHost (wavecraft::DevParameterFactory::toNormalised (spec, value));
    };

    if (const auto error = applyParameterSettings (options.parameterSettings, parameters, setValue); error.isNotEmpty())
        return failWith (error);

    wavecraft::OfflineRenderer::Options renderOptions;
    renderOptions.input = options.renderInput;
    renderOptions.output = options.renderOutput;
    renderOptions.blockSize = options.bufferSize > 0 ? options.bufferSize : 512;
    renderOptions.shouldStop = &stopRequested;

    const auto startedMicros = wavecraft::getMonotonicMicros();
    const auto result = wavecraft::OfflineRenderer::render (*instance, renderOptions);
    return reportRender (result, options, plugin, (double) (wavecraft::getMonotonicMicros() - startedMicros) / 1.0e6);
}
