#include "RenderCommand.h"

#include <iostream>

juce::String applyParameterSettings (const juce::StringArray& settings, wavecraft::ParameterStore& store)
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
        const auto error = store.getSpecs()[(size_t) index].parseValue (text, value);

        if (error.isNotEmpty())
            return "--set " + setting + ": " + error;

        store.setValue (index, value);
    }

    return {};
}

int runRenderCommand (const CommandLineOptions& options, const juce::File& plugin)
{
    auto fail = [] (const juce::String& reason)
    {
        std::cerr << "wavecraft-host: " << reason << std::endl;
        return 2;
    };

    auto loaded = wavecraft::PluginLibrary::load (plugin);

    if (loaded.failed())
        return fail (loaded.error.describe());

    wavecraft::ParameterStore parameters (loaded.library->getParameters());

    if (const auto error = applyParameterSettings (options.parameterSettings, parameters); error.isNotEmpty())
        return fail (error);

    wavecraft::PluginLoadError createError;
    auto processor = wavecraft::PluginProcessor::create (loaded.library, createError);

    if (processor == nullptr)
        return fail (createError.describe());

    wavecraft::OfflineRenderer::Options renderOptions;
    renderOptions.input = options.renderInput;
    renderOptions.output = options.renderOutput;
    renderOptions.blockSize = options.bufferSize > 0 ? options.bufferSize : 512;

    const auto started = juce::Time::getMillisecondCounterHiRes();
    const auto result = wavecraft::OfflineRenderer::render (*processor, parameters, renderOptions);
    const auto seconds = (juce::Time::getMillisecondCounterHiRes() - started) / 1000.0;

    if (result.failed())
        return fail (result.error);

    const auto audioSeconds = (double) result.numFrames / result.sampleRate;
    std::cerr << "wavecraft-host: rendered " << result.numFrames << " frames (" << juce::String (audioSeconds, 2)
              << " s, " << result.sampleRate << " Hz, " << result.numChannels << " ch) through "
              << plugin.getFileName() << " in " << juce::String (seconds, 3) << " s ("
              << juce::String (audioSeconds / juce::jmax (seconds, 1.0e-6), 0) << "x real time) -> "
              << options.renderOutput.getFullPathName() << std::endl;
    return 0;
}
