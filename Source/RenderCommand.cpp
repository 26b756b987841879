#include "RenderCommand.h"
#include "CommandLineHints.h"
#include "RenderWatchdog.h"
#include "StandardErrorLog.h"

#include <iostream>

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
                  const juce::String& pluginName, double seconds)
{
    if (result.stopped)
    {
        StandardErrorLog::writeLine (juce::String ("render interrupted by ") + RenderWatchdog::nameOfStopSignal() + " after " + juce::String ((double) result.numFrames / result.sampleRate, 2) + " s of audio; " + options.renderOutput.getFullPathName() + " was not written");
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
                                 + ") through " + pluginName + " in " + juce::String (seconds, 3) + " s" + pace + " -> "
                                 + options.renderOutput.getFullPathName());

    // Written as the plugin gave it, and said: a render is for hearing the plugin, NaN included.
    if (result.firstNonFiniteFrame >= 0)
        StandardErrorLog::writeLine ("the plugin's output held NaN or Inf from frame " + juce::String (result.firstNonFiniteFrame) + " on the "
                                     + (result.nonFiniteChannel == 0 ? "left" : "right") + " channel; look for a division by zero or an unstable filter in process()");
    return 0;
}
} // namespace

namespace
{
/** The render's options from the command line's. */
wavecraft::OfflineRenderer::Options renderOptionsFrom (const CommandLineOptions& options, RenderWatchdog& watchdog)
{
    wavecraft::OfflineRenderer::Options renderOptions;
    renderOptions.input = options.renderInput;
    renderOptions.output = options.renderOutput;
    renderOptions.blockSize = options.bufferSize > 0 ? options.bufferSize : 512;
    renderOptions.shouldStop = &RenderWatchdog::stopRequested;
    renderOptions.progress = &watchdog.framesDone;
    return renderOptions;
}

/** Renders through `processor`, whose parameters `parameters` serves, after the --set values. */
int renderThrough (juce::AudioProcessor& processor, const wavecraft::ParameterStore& parameters,
                   const std::function<void (int, float)>& setValue, const CommandLineOptions& options,
                   const juce::String& pluginName, RenderWatchdog& watchdog)
{
    if (const auto error = applyParameterSettings (options.parameterSettings, parameters, setValue); error.isNotEmpty())
        return failWith (error);

    const auto renderOptions = renderOptionsFrom (options, watchdog);

    const auto startedMicros = wavecraft::getMonotonicMicros();
    const auto result = wavecraft::OfflineRenderer::render (processor, renderOptions);
    const auto seconds = (double) (wavecraft::getMonotonicMicros() - startedMicros) / 1.0e6;
    return reportRender (result, options, pluginName, seconds);
}

/** The plugin, in this process: a dev library, or a VST3 or LV2 presented as one. */
std::unique_ptr<wavecraft::DevPluginInstance> loadPlugin (const wavecraft::PluginLocation& location, wavecraft::PluginLoadError& error)
{
    if (location.lv2Uri.isEmpty())
        return wavecraft::DevPluginFormat().createInstance (location.file, error);

    auto loaded = wavecraft::FormatPluginLibrary::load (location);
    error = loaded.error;

    if (loaded.failed())
        return nullptr;

    auto plugin = wavecraft::InProcessPluginInstance::create (std::move (loaded.library), error);
    return plugin != nullptr ? std::make_unique<wavecraft::DevPluginInstance> (std::move (plugin)) : nullptr;
}
} // namespace

namespace
{
int renderOne (const CommandLineOptions& options, const wavecraft::PluginLocation& location);

/** The null test: OUT as a render makes it, then OTHER into a hidden file
    beside it, compared, and the residue on standard output.
*/
int renderAndCompare (const CommandLineOptions& options, const wavecraft::PluginLocation& location)
{
    if (const auto exitCode = renderOne (options, location); exitCode != 0 || RenderWatchdog::stopRequested.load())
        return exitCode;

    auto otherOptions = options;
    otherOptions.renderOutput = options.renderOutput.getSiblingFile ("." + options.renderOutput.getFileNameWithoutExtension() + ".compare"
                                                                     + options.renderOutput.getFileExtension())
                                    .getNonexistentSibling();
    const auto other = wavecraft::PluginLocation::of (options.compareWith, juce::File::getCurrentWorkingDirectory());
    const auto exitCode = renderOne (otherOptions, other);
    const auto comparison = exitCode == 0 && ! RenderWatchdog::stopRequested.load()
        ? wavecraft::RenderComparison::compare (options.renderOutput, otherOptions.renderOutput)
        : wavecraft::RenderComparison::Result();
    otherOptions.renderOutput.deleteFile();

    if (exitCode != 0 || RenderWatchdog::stopRequested.load())
        return exitCode;

    if (comparison.failed())
        return failWith (comparison.error);

    std::cout << comparison.describe() << std::endl;
    return comparison.isWithin (options.toleranceDb) ? 0 : 1;
}
} // namespace

int runRenderCommand (const CommandLineOptions& options, const wavecraft::PluginLocation& location)
{
    return options.compareWith.isNotEmpty() ? renderAndCompare (options, location) : renderOne (options, location);
}

namespace
{
int renderOne (const CommandLineOptions& options, const wavecraft::PluginLocation& location)
{
    // The plugin runs in this process, as fast as a render can be; the
    // watchdog turns its crash or hang into the contract's one line and exit 2.
    RenderWatchdog watchdog (location.getName(), options.renderOutput);

    const auto& plugin = location.file;
    const CommandLineHints hints (plugin);

    wavecraft::PluginLoadError loadError;
    const auto instance = loadPlugin (location, loadError);

    if (instance == nullptr)
        return failWith (wavecraft::DiagnosticHints::apply (&hints, loadError.toDiagnostic()).describe());

    // The settings are checked against the specs, and set as a host sets them.
    const wavecraft::ParameterStore parameters (instance->getParameterSpecs());
    const auto setValue = [&instance, &parameters] (int index, float value)
    {
        const auto& spec = parameters.getSpecs()[(size_t) index];
        instance->getParameterForId (spec.id)->setValueNotifyingHost (wavecraft::DevParameterFactory::toNormalised (spec, value));
    };

    return renderThrough (*instance, parameters, setValue, options, location.getName(), watchdog);
}
} // namespace
