/*
    A dev library as a juce::AudioProcessor (DevLibraryProcessor), driven as
    a plugin host drives it: its specs as JUCE parameters, its output the
    library's own, its state by id, and a rebuild heard without the
    processor being made again, also one whose parameter list changed.
*/
#include "RealtimeTrap.h"
#include "TestHelpers.h"

#include <wavecraft_plugin_bridge/wavecraft_plugin_bridge.h>

using namespace wavecraft;

namespace
{
constexpr int blockSize = 256;

std::unique_ptr<DevLibraryProcessor> makeProcessor (const juce::File& library)
{
    DevLibraryProcessor::Options options;
    options.library = library;
    options.parametersJson = test::loadOrFail (library)->getParametersJson(); // as the build reads it
    auto processor = std::make_unique<DevLibraryProcessor> (options);
    processor->prepareToPlay (48000.0, blockSize);
    return processor;
}

void setPlain (DevLibraryProcessor& processor, const juce::String& id, float plain)
{
    auto* parameter = processor.getParameterForId (id);
    REQUIRE (parameter != nullptr);
    const auto& specs = processor.getParameterSpecs();
    const auto spec = std::find_if (specs.begin(), specs.end(), [&] (const ParameterSpec& s)
                                    { return s.id == id; });
    parameter->setValueNotifyingHost (DevParameterFactory::toNormalised (*spec, plain));
}

/** One block of a 0.5 sine in, the processor's output back. */
juce::AudioBuffer<float> runBlock (DevLibraryProcessor& processor, int& phase)
{
    juce::AudioBuffer<float> block (2, blockSize);

    for (int i = 0; i < blockSize; ++i, ++phase)
        for (int channel = 0; channel < 2; ++channel)
            block.setSample (channel, i, 0.5f * std::sin ((float) phase * 0.03f));

    juce::MidiBuffer midi;
    processor.processBlock (block, midi);
    return block;
}

/** Output over input of the next block: the gain the running build applies. */
float gainOf (DevLibraryProcessor& processor, int& phase)
{
    juce::AudioBuffer<float> in (1, blockSize);

    for (int i = 0; i < blockSize; ++i)
        in.setSample (0, i, 0.5f * std::sin ((float) (phase + i) * 0.03f));

    const auto out = runBlock (processor, phase);
    return out.getRMSLevel (0, 0, blockSize) / in.getRMSLevel (0, 0, blockSize);
}

bool awaitLoads (DevLibraryProcessor& processor, int loads)
{
    return test::pumpUntil ([&]
                            { return processor.getNumLoads() >= loads; },
                            5000);
}
} // namespace

TEST_CASE ("A dev library's specs become JUCE parameters: ids, plain ranges, units, groups and choices", "[bridge]")
{
    const auto processor = makeProcessor (test::getTestPlugin ("tp_v2"));
    const auto& parameters = processor->getParameters();
    REQUIRE (parameters.size() == 4);

    auto* gain = dynamic_cast<juce::AudioParameterFloat*> (processor->getParameterForId ("gain"));
    REQUIRE (gain != nullptr);
    CHECK (gain->getName (64) == "Gain");
    CHECK (gain->range.start == 0.0f);
    CHECK (gain->range.end == 2.0f);
    CHECK (gain->get() == 1.0f);
    CHECK (gain->getLabel() == "x");

    CHECK (dynamic_cast<juce::AudioParameterBool*> (processor->getParameterForId ("mute")) != nullptr);

    auto* shape = dynamic_cast<juce::AudioParameterChoice*> (processor->getParameterForId ("shape"));
    REQUIRE (shape != nullptr);
    CHECK (shape->choices == juce::StringArray ({ "Clean", "Soft", "Hard" }));
    CHECK (shape->getIndex() == 1);

    auto* steps = dynamic_cast<juce::AudioParameterChoice*> (processor->getParameterForId ("steps"));
    REQUIRE (steps != nullptr);
    CHECK (steps->choices == juce::StringArray ({ "1", "2", "3", "4" })); // min..max, no names
    CHECK (DevParameterFactory::getPlainValue (*steps, processor->getParameterSpecs()[3]) == 2.0f);

    // Grouped as the specs say: "Main" holds gain and shape.
    const auto groups = processor->getParameterTree().getSubgroups (false);
    REQUIRE (groups.size() == 1);
    CHECK (groups[0]->getName() == "Main");
    CHECK (groups[0]->getParameters (false).size() == 2);

    CHECK (processor->getRunningPlugin().has_value());
    CHECK_FALSE (processor->getLoadError().has_value());
}

TEST_CASE ("The processor's output is the library's own, sample for sample, at the values its parameters hold", "[bridge]")
{
    const auto processor = makeProcessor (test::getTestPlugin ("tp_v2"));
    setPlain (*processor, "gain", 0.5f);
    setPlain (*processor, "shape", 0.0f);

    PluginLoadError error;
    auto direct = InProcessPluginInstance::load (test::getTestPlugin ("tp_v2"), error);
    REQUIRE (direct != nullptr);
    ParameterStore directValues (direct->getInfo().parameters);
    directValues.setValue (0, 0.5f);
    directValues.setValue (2, 0.0f);
    direct->setSampleRate (48000.0);
    direct->reset();

    int phase = 0;

    for (int block = 0; block < 8; ++block)
    {
        const auto start = phase;
        const auto viaProcessor = runBlock (*processor, phase);
        juce::AudioBuffer<float> expected (2, blockSize);

        for (int i = 0; i < blockSize; ++i)
            for (int channel = 0; channel < 2; ++channel)
                expected.setSample (channel, i, 0.5f * std::sin ((float) (start + i) * 0.03f));

        test::processWith (*direct, expected.getArrayOfWritePointers(), blockSize, directValues);

        for (int channel = 0; channel < 2; ++channel)
            for (int i = 0; i < blockSize; ++i)
                if (viaProcessor.getSample (channel, i) != expected.getSample (channel, i))
                    FAIL ("block " << block << ", sample " << i << ": " << viaProcessor.getSample (channel, i) << " != " << expected.getSample (channel, i));
    }

    // Automation, as a DAW writes it: the next block follows.
    setPlain (*processor, "gain", 2.0f);
    CHECK (gainOf (*processor, phase) == Approx (2.0f));
}

namespace
{
/** 2000 blocks of `plugin` through a DevLibraryProcessor under the real-time
    traps, with a thread automating its first parameter all along.
*/
test::RealtimeViolations runProcessorTrapped (const juce::String& plugin)
{
    const auto processor = makeProcessor (test::getTestPlugin (plugin));
    juce::AudioBuffer<float> block (2, blockSize);
    juce::MidiBuffer midi;
    auto* automated = processor->getParameters()[0];
    std::atomic<bool> stop { false };
    std::thread automation ([&]
                            {
        for (int i = 0; ! stop; ++i)
            automated->setValue ((float) (i % 100) / 100.0f); });

    const auto violations = test::runWithRealtimeTraps ([] {}, [&]
                                                        {
        for (int i = 0; i < 2000; ++i)
        {
            block.clear();
            processor->processBlock (block, midi);
        } });
    stop = true;
    automation.join();
    return violations;
}
} // namespace

TEST_CASE ("The processor's blocks never allocate, lock or make a system call, automation moving a parameter all along", "[bridge]")
{
    if (! test::realtimeTrapsAvailable())
    {
        WARN ("the real-time traps need an unsanitized x86-64 Linux build; skipped");
        return;
    }

    const auto clean = runProcessorTrapped ("tp_v2");
    CHECK (clean.armedSpans == 1);
    CHECK (clean.allocations == 0);
    CHECK (clean.deallocations == 0);
    CHECK (clean.mutexLocks == 0);
    CHECK (clean.systemCalls == 0);

    // The traps do see this path: a plugin that allocates in process() is caught.
    CHECK (runProcessorTrapped ("tp_allocates_in_process").allocations >= 2000);
}

TEST_CASE ("State keeps every value by id, and a reopened session gets them back", "[bridge]")
{
    juce::MemoryBlock saved;

    {
        const auto processor = makeProcessor (test::getTestPlugin ("tp_v2"));
        setPlain (*processor, "gain", 1.5f);
        setPlain (*processor, "mute", 1.0f);
        setPlain (*processor, "shape", 2.0f);
        setPlain (*processor, "steps", 4.0f);
        processor->getStateInformation (saved);
    }

    const auto reopened = makeProcessor (test::getTestPlugin ("tp_v2"));
    reopened->setStateInformation (saved.getData(), (int) saved.getSize());
    const auto& specs = reopened->getParameterSpecs();
    const float expected[] = { 1.5f, 1.0f, 2.0f, 4.0f };

    for (size_t i = 0; i < specs.size(); ++i)
        CHECK (DevParameterFactory::getPlainValue (*reopened->getParameterForId (specs[i].id), specs[i]) == Approx (expected[i]));

    // Something that isn't this plugin's state changes nothing.
    const char junk[] = "not a state";
    reopened->setStateInformation (junk, sizeof (junk));
    CHECK (DevParameterFactory::getPlainValue (*reopened->getParameterForId ("gain"), specs[0]) == Approx (1.5f));
}

TEST_CASE ("A rebuild is heard without a new processor, and a changed list keeps values by id and names what needs a rebuild", "[bridge]")
{
    test::TemporaryFolder temp;
    const auto library = temp.getFile ("libdsp" WAVECRAFT_PLUGIN_SUFFIX);
    REQUIRE (test::getTestPlugin ("tp_v2").copyFileTo (library));
    const auto processor = makeProcessor (library);
    setPlain (*processor, "gain", 0.5f);
    setPlain (*processor, "shape", 0.0f);
    int phase = 0;
    CHECK (gainOf (*processor, phase) == Approx (0.5f));

    const auto landBuild = [&] (const juce::String& name)
    {
        const auto incoming = temp.getFile ("incoming" WAVECRAFT_PLUGIN_SUFFIX);
        REQUIRE (test::getTestPlugin (name).copyFileTo (incoming));
        const auto loads = processor->getNumLoads();
        REQUIRE (incoming.moveFileTo (library)); // as a build does: write beside, rename over
        REQUIRE (awaitLoads (*processor, loads + 1));

        for (int block = 0; block < 4; ++block) // past the cross-fade
            runBlock (*processor, phase);
    };

    SECTION ("the same list: a build of other DSP plays at once")
    {
        setPlain (*processor, "gain", 1.5f);
        CHECK (gainOf (*processor, phase) == Approx (1.5f));
        landBuild ("tp_v1"); // halves, whatever the values
        CHECK (gainOf (*processor, phase) == Approx (0.5f));
        CHECK (processor->getRunningPlugin()->abiVersion == 1);
        CHECK (processor->getIdsNeedingRebuild().isEmpty());
    }

    SECTION ("a broken build: silence and the loader's error, then the fix plays")
    {
        landBuild ("tp_create_null");
        CHECK (processor->getLoadError().has_value());
        CHECK (gainOf (*processor, phase) == 0.0f);

        landBuild ("tp_v2");
        CHECK_FALSE (processor->getLoadError().has_value());
        CHECK (gainOf (*processor, phase) == Approx (0.5f));
    }

    SECTION ("a changed list: shared ids keep their values, new ids are named, and state keeps both")
    {
        setPlain (*processor, "shape", 2.0f); // the non-ASCII build halves once per step of shape
        landBuild ("tp_params_non_ascii");
        const auto newIds = processor->getIdsNeedingRebuild();
        CHECK (newIds.contains (juce::CharPointer_UTF8 ("gain_\xc3\xa9")));
        CHECK_FALSE (newIds.contains ("shape"));
        CHECK (gainOf (*processor, phase) == Approx (0.25f)); // its gain at its default 1, shape 2

        // A saved state gives the new id a value; it survives a save and the
        // way back to the old list.
        juce::XmlElement state ("WAVECRAFT_DEV_STATE");
        auto* value = state.createNewChildElement ("VALUE");
        value->setAttribute ("id", juce::CharPointer_UTF8 ("gain_\xc3\xa9"));
        value->setAttribute ("value", 0.5);
        juce::MemoryBlock block;
        juce::AudioProcessor::copyXmlToBinary (state, block);
        processor->setStateInformation (block.getData(), (int) block.getSize());
        CHECK (gainOf (*processor, phase) == Approx (0.125f));

        landBuild ("tp_v2");
        CHECK (gainOf (*processor, phase) == Approx (0.5f)); // its gain, 0.5, again (its shape does nothing)
        juce::MemoryBlock saved;
        processor->getStateInformation (saved);
        const auto xml = juce::AudioProcessor::getXmlFromBinary (saved.getData(), (int) saved.getSize());
        REQUIRE (xml != nullptr);
        const auto* kept = xml->getChildByAttribute ("id", juce::CharPointer_UTF8 ("gain_\xc3\xa9"));
        REQUIRE (kept != nullptr);
        CHECK (kept->getDoubleAttribute ("value") == Approx (0.5));
    }
}

//==============================================================================
namespace
{
struct ServedTestProcessor final : public juce::AudioProcessor
{
    ServedTestProcessor()
    {
        auto filter = std::make_unique<juce::AudioProcessorParameterGroup> ("filter", "Filter", " | ");
        filter->addChild (std::make_unique<juce::AudioParameterFloat> (juce::ParameterID { "cutoff", 1 }, "Cutoff", juce::NormalisableRange<float> (20.0f, 20000.0f, 0.0f, 0.3f),
                                                                       1000.0f, juce::AudioParameterFloatAttributes().withLabel ("Hz")),
                          std::make_unique<juce::AudioParameterChoice> (juce::ParameterID { "mode", 1 }, "Mode", juce::StringArray { "Low", "Band", "High" }, 2));
        juce::AudioProcessorParameterGroup root;
        root.addChild (std::move (filter),
                       std::make_unique<juce::AudioParameterBool> (juce::ParameterID { "on", 1 }, "On", true),
                       std::make_unique<juce::AudioParameterInt> (juce::ParameterID { "steps", 1 }, "Steps", 1, 8, 3));
        setParameterTree (std::move (root));
    }

    const juce::String getName() const override { return "served"; }
    void prepareToPlay (double, int) override {}
    void releaseResources() override {}
    void processBlock (juce::AudioBuffer<float>&, juce::MidiBuffer&) override {}
    using juce::AudioProcessor::processBlock;
    double getTailLengthSeconds() const override { return 0.0; }
    bool acceptsMidi() const override { return false; }
    bool producesMidi() const override { return false; }
    juce::AudioProcessorEditor* createEditor() override { return nullptr; }
    bool hasEditor() const override { return false; }
    int getNumPrograms() override { return 1; }
    int getCurrentProgram() override { return 0; }
    void setCurrentProgram (int) override {}
    const juce::String getProgramName (int) override { return {}; }
    void changeProgramName (int, const juce::String&) override {}
    void getStateInformation (juce::MemoryBlock&) override {}
    void setStateInformation (const void*, int) override {}
};

struct ChangeRecorder final : public BrowserUiBackend::Listener
{
    void parameterChanged (const juce::String& id, float value, const void* origin) override
    {
        const std::lock_guard<std::mutex> lock (mutex);
        changes.push_back ({ id, value, origin });
    }

    struct Change
    {
        juce::String id;
        float value;
        const void* origin;
    };

    std::mutex mutex;
    std::vector<Change> changes;
};
} // namespace

TEST_CASE ("A juce::AudioProcessor served: its parameters as the protocol has them, set through their own path, its own changes told", "[bridge]")
{
    ServedTestProcessor processor;
    AudioProcessorBackend backend (processor);
    ChangeRecorder recorder;
    backend.addListener (&recorder);

    const auto store = backend.getParameters();
    REQUIRE (store->size() == 4);
    const auto& specs = store->getSpecs();
    CHECK (specs[0].id == "cutoff");
    CHECK (specs[0].type == ParameterType::floatType);
    CHECK (specs[0].minValue == 20.0f);
    CHECK (specs[0].maxValue == 20000.0f);
    CHECK (specs[0].defaultValue == Approx (1000.0f).epsilon (1e-4));
    CHECK (specs[0].unit == "Hz");
    CHECK (specs[0].group == "Filter");
    CHECK (specs[1].type == ParameterType::enumType);
    CHECK (specs[1].variants == juce::StringArray ({ "Low", "Band", "High" }));
    CHECK (specs[1].defaultValue == 2.0f);
    CHECK (specs[2].type == ParameterType::boolType);
    CHECK (specs[2].defaultValue == 1.0f);
    CHECK (specs[3].type == ParameterType::enumType); // an int: min..max
    CHECK (specs[3].minValue == 1.0f);
    CHECK (specs[3].maxValue == 8.0f);
    CHECK (specs[3].group.isEmpty());

    // A page's change goes through the parameter's host-notifying path.
    struct GestureCount final : juce::AudioProcessorParameter::Listener
    {
        void parameterValueChanged (int, float) override { ++values; }
        void parameterGestureChanged (int, bool) override { ++gestures; }
        int values = 0, gestures = 0;
    } heard;
    auto* cutoff = dynamic_cast<juce::AudioParameterFloat*> (processor.getParameters()[0]);
    cutoff->addListener (&heard);
    const int page = 0;
    REQUIRE (backend.setParameter ("cutoff", 500.0f, &page));
    CHECK (cutoff->get() == Approx (500.0f).epsilon (1e-4));
    CHECK (heard.values == 1);
    CHECK (heard.gestures == 2);
    CHECK_FALSE (backend.setParameter ("nope", 1.0f, &page));

    // The processor's own change (as automation would) is told, with no origin, once.
    *cutoff = 2000.0f;
    CHECK (test::pumpUntil ([&]
                            { return recorder.changes.size() >= 2; },
                            2000));
    test::pumpMessages (100); // room for a second telling, which must not come
    cutoff->removeListener (&heard);
    backend.removeListener (&recorder);
    REQUIRE (recorder.changes.size() == 2);
    CHECK (recorder.changes[0].id == "cutoff");
    CHECK (recorder.changes[0].origin == &page);
    CHECK (recorder.changes[1].value == Approx (2000.0f).epsilon (1e-4));
    CHECK (recorder.changes[1].origin == nullptr);
    CHECK (store->getValue (0) == Approx (2000.0f).epsilon (1e-4));
}

TEST_CASE ("A served processor's output reaches the meters without the audio thread allocating, locking or making a system call", "[bridge]")
{
    ServedTestProcessor processor;
    AudioProcessorBackend backend (processor);
    backend.prepare (48000.0, 256);
    juce::AudioBuffer<float> block (2, 256);

    for (int i = 0; i < 256; ++i)
        block.setSample (0, i, 0.5f * std::sin ((float) i * 0.1f)), block.setSample (1, i, block.getSample (0, i));

    MeterTap::Reader reader (backend.getMeterTap()); // from before the first frame
    const auto violations = test::runWithRealtimeTraps ([] {}, [&]
                                                        {
        for (int i = 0; i < 500; ++i)
            backend.pushOutput (block); });
    CHECK (backend.getAudioStatus().phase == AudioPhase::runningFullDuplex); // blocks came just now
    if (test::realtimeTrapsAvailable())
    {
        CHECK (violations.armedSpans == 1);
        CHECK (violations.allocations == 0);
        CHECK (violations.mutexLocks == 0);
        CHECK (violations.systemCalls == 0);
    }
    else
    {
        WARN ("the real-time traps need an unsanitized x86-64 Linux build: only the meters are checked");
    }

    float peak = 0.0f;
    test::pumpUntil ([&]
                     {
        reader.readNew ([&] (const MeterFrame& frame) { peak = juce::jmax (peak, frame.peakLeft); });
        return peak > 0.0f; },
                     2000);
    CHECK (peak == Approx (0.5f).margin (0.01f));
}
