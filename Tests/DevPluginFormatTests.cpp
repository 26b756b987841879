/*
    The dev ABI as a JUCE plugin format: an AudioPluginFormatManager with a
    DevPluginFormat finds, describes and instantiates dev libraries, and each
    instance is a juce::AudioPluginInstance with JUCE parameters of plain
    ranges, its values reaching the library at block boundaries, its state
    the values by id; the same in this process and in a worker process.
*/
#include "TestHelpers.h"

#include <wavecraft_plugin_format/wavecraft_plugin_format.h>

using namespace wavecraft;

namespace
{
/** A manager with the dev format alone, as an embedding app makes it. */
struct DevFormatManager
{
    explicit DevFormatManager (DevPluginFormat::Options options = {})
    {
        format = new DevPluginFormat (std::move (options));
        manager.addFormat (format);
    }

    juce::PluginDescription describe (const juce::String& pluginName)
    {
        juce::OwnedArray<juce::PluginDescription> found;
        format->findAllTypesForFile (found, test::getTestPlugin (pluginName).getFullPathName());
        REQUIRE (found.size() == 1);
        return *found[0];
    }

    std::unique_ptr<juce::AudioPluginInstance> create (const juce::String& pluginName)
    {
        juce::String error;
        auto instance = manager.createPluginInstance (describe (pluginName), 48000.0, 256, error);
        INFO (error);
        REQUIRE (instance != nullptr);
        return instance;
    }

    juce::AudioPluginFormatManager manager;
    DevPluginFormat* format = nullptr; // the manager owns it
};

/** Sets a parameter by its plain value, as a host's automation would. */
void setPlain (juce::AudioProcessor& processor, const juce::String& id, float plain)
{
    for (auto* parameter : processor.getParameters())
        if (auto* ranged = dynamic_cast<juce::RangedAudioParameter*> (parameter); ranged != nullptr && ranged->getParameterID() == id)
            return ranged->setValueNotifyingHost (ranged->convertTo0to1 (plain));

    FAIL ("no parameter " << id);
}

juce::RangedAudioParameter& parameterOf (juce::AudioProcessor& processor, const juce::String& id)
{
    for (auto* parameter : processor.getParameters())
        if (auto* ranged = dynamic_cast<juce::RangedAudioParameter*> (parameter); ranged != nullptr && ranged->getParameterID() == id)
            return *ranged;

    FAIL ("no parameter " << id);
    throw std::logic_error ("unreachable");
}

/** Two blocks of the test signal through `processor`. */
juce::AudioBuffer<float> runTwoBlocks (juce::AudioProcessor& processor)
{
    processor.prepareToPlay (48000.0, 256);
    auto signal = test::makeTestSignal (2, 512);
    juce::MidiBuffer midi;

    for (int offset = 0; offset < 512; offset += 256)
    {
        juce::AudioBuffer<float> block (signal.getArrayOfWritePointers(), 2, offset, 256);
        processor.processBlock (block, midi);
    }

    return signal;
}

/** The same two blocks straight through the library, with these values. */
juce::AudioBuffer<float> runTwoBlocksDirectly (const std::map<juce::String, float>& values)
{
    PluginLoadError error;
    auto plugin = InProcessPluginInstance::load (test::getTestPlugin ("tp_v2"), error);
    REQUIRE (plugin != nullptr);
    ParameterStore store (plugin->getInfo().parameters);

    for (const auto& [id, value] : values)
        store.setValue (store.indexOf (id), value);

    plugin->setSampleRate (48000.0);
    plugin->reset();
    auto signal = test::makeTestSignal (2, 512);

    for (int offset = 0; offset < 512; offset += 256)
    {
        float* channels[] = { signal.getWritePointer (0, offset), signal.getWritePointer (1, offset) };
        test::processWith (*plugin, channels, 256, store);
    }

    return signal;
}

bool sameSamples (const juce::AudioBuffer<float>& a, const juce::AudioBuffer<float>& b)
{
    for (int channel = 0; channel < 2; ++channel)
        for (int i = 0; i < a.getNumSamples(); ++i)
            if (a.getSample (channel, i) != b.getSample (channel, i))
                return false;

    return true;
}
} // namespace

TEST_CASE ("An AudioPluginFormatManager with DevPluginFormat describes a dev library and makes a plugin instance of it", "[format]")
{
    DevFormatManager formats;
    const auto description = formats.describe ("tp_v2");
    CHECK (description.name == "tp_v2");
    CHECK (description.pluginFormatName == DevPluginFormat::formatName);
    CHECK (description.fileOrIdentifier == test::getTestPlugin ("tp_v2").getFullPathName());
    CHECK (description.numInputChannels == 2);
    CHECK (description.numOutputChannels == 2);
    CHECK_FALSE (description.isInstrument);
    CHECK_FALSE (formats.format->pluginNeedsRescanning (description));
    CHECK (formats.format->doesPluginStillExist (description));

    // What isn't a dev library is described as nothing.
    juce::OwnedArray<juce::PluginDescription> none;
    formats.format->findAllTypesForFile (none, test::getTestPlugin ("tp_params_not_json").getFullPathName());
    test::TemporaryFolder temp;
    const auto notALibrary = temp.getFile ("libnotaplugin.so");
    REQUIRE (notALibrary.replaceWithText ("not a shared library"));
    formats.format->findAllTypesForFile (none, notALibrary.getFullPathName()); // loaded, and refused
    formats.format->findAllTypesForFile (none, "not/a/path.so");
    CHECK (none.isEmpty());

    // A scan finds the candidates in a folder.
    const auto candidates = formats.format->searchPathsForPlugins (juce::FileSearchPath (test::getTestPlugin ("tp_v2").getParentDirectory().getFullPathName()), false, false);
    CHECK (candidates.contains (test::getTestPlugin ("tp_v2").getFullPathName()));

    // The instance: a juce::AudioPluginInstance that describes itself the same way.
    auto instance = formats.create ("tp_v2");
    CHECK (instance->getName() == "tp_v2");
    juce::PluginDescription ownDescription;
    instance->fillInPluginDescription (ownDescription);
    CHECK (ownDescription.isDuplicateOf (description));
    CHECK_FALSE (static_cast<DevPluginInstance&> (*instance).getPluginInfo().isolated);
}

TEST_CASE ("A dev plugin instance's parameters are JUCE parameters of plain ranges, passed to the library at block boundaries", "[format]")
{
    DevFormatManager formats;
    auto instance = formats.create ("tp_v2");

    auto* gain = dynamic_cast<juce::AudioParameterFloat*> (&parameterOf (*instance, "gain"));
    REQUIRE (gain != nullptr);
    CHECK (gain->range.start == 0.0f);
    CHECK (gain->range.end == 2.0f);
    CHECK (gain->get() == 1.0f);
    CHECK (gain->getLabel() == "x");
    CHECK (dynamic_cast<juce::AudioParameterBool*> (&parameterOf (*instance, "mute")) != nullptr);
    auto* shape = dynamic_cast<juce::AudioParameterChoice*> (&parameterOf (*instance, "shape"));
    REQUIRE (shape != nullptr);
    CHECK (shape->choices == juce::StringArray { "Clean", "Soft", "Hard" });
    auto* steps = dynamic_cast<juce::AudioParameterChoice*> (&parameterOf (*instance, "steps"));
    REQUIRE (steps != nullptr);
    CHECK (steps->choices == juce::StringArray { "1", "2", "3", "4" });

    // A host's automation moves them; the library hears plain values.
    setPlain (*instance, "gain", 0.5f);
    setPlain (*instance, "shape", 2.0f);
    CHECK (sameSamples (runTwoBlocks (*instance), runTwoBlocksDirectly ({ { "gain", 0.5f }, { "shape", 2.0f } })));
    CHECK (static_cast<DevPluginInstance&> (*instance).getLastBlockResult() == PluginInstance::BlockResult::processed);

    setPlain (*instance, "mute", 1.0f);
    CHECK (runTwoBlocks (*instance).getMagnitude (0, 512) == 0.0f);
}

TEST_CASE ("A dev plugin instance's state is its plain values by id, and another instance takes them back", "[format]")
{
    DevFormatManager formats;
    auto saved = formats.create ("tp_v2");
    setPlain (*saved, "gain", 1.5f);
    setPlain (*saved, "mute", 1.0f);
    setPlain (*saved, "steps", 3.0f); // the choice's index: the value 4
    juce::MemoryBlock state;
    saved->getStateInformation (state);

    const auto values = DevParameterState::read (state.getData(), (int) state.getSize());
    REQUIRE (values.has_value());
    CHECK (values->at ("gain") == 1.5f);
    CHECK (values->at ("mute") == 1.0f);
    CHECK (values->at ("shape") == 1.0f);
    CHECK (values->at ("steps") == 4.0f);

    auto restored = formats.create ("tp_v2");
    restored->setStateInformation (state.getData(), (int) state.getSize());
    CHECK (parameterOf (*restored, "gain").convertFrom0to1 (parameterOf (*restored, "gain").getValue()) == Approx (1.5f));
    CHECK (parameterOf (*restored, "mute").getValue() == 1.0f);
    CHECK (dynamic_cast<juce::AudioParameterChoice&> (parameterOf (*restored, "steps")).getIndex() == 3);

    // Not a dev plugin's state: nothing changes.
    const char junk[] = "not a state";
    restored->setStateInformation (junk, (int) sizeof (junk));
    CHECK (parameterOf (*restored, "mute").getValue() == 1.0f);
}

TEST_CASE ("An isolated dev plugin instance is the same class, and sounds exactly as the one in this process", "[format][isolation]")
{
    DevPluginFormat::Options isolated;
    isolated.isolated = true;
    isolated.worker.answerBudget = 1000.0; // every block answered: a busy machine must not make one late here
    DevFormatManager formats (isolated);
    auto instance = formats.create ("tp_v2");
    REQUIRE (dynamic_cast<DevPluginInstance*> (instance.get()) != nullptr);
    CHECK (static_cast<DevPluginInstance&> (*instance).getPluginInfo().isolated);

    setPlain (*instance, "gain", 0.25f);
    setPlain (*instance, "steps", 0.0f);
    CHECK (sameSamples (runTwoBlocks (*instance), runTwoBlocksDirectly ({ { "gain", 0.25f }, { "steps", 1.0f } })));
    CHECK (static_cast<DevPluginInstance&> (*instance).getLastBlockResult() == PluginInstance::BlockResult::processed);
}
