#include "TestHelpers.h"

using namespace wavecraft;

namespace
{
struct StereoBlock
{
    explicit StereoBlock (int numSamples, float value = 1.0f)
        : left ((size_t) numSamples, value),
          right ((size_t) numSamples, -value)
    {}

    float* const* pointers()
    {
        storage[0] = left.data();
        storage[1] = right.data();
        return storage;
    }

    std::vector<float> left, right;
    float* storage[2] {};
};
} // namespace

TEST_CASE ("Each processor is created and dropped exactly once", "[processor]")
{
    auto library = test::loadOrFail (test::getTestPlugin ("tp_v2"));
    auto& counters = test::getCounters (*library);

    {
        auto a = test::createOrFail (library);
        auto b = test::createOrFail (library);
        CHECK (counters.created == 2);
        CHECK (counters.dropped == 0);
        a.reset();
        CHECK (counters.dropped == 1);
    }

    CHECK (counters.created == 2);
    CHECK (counters.dropped == 2);
}

TEST_CASE ("A processor keeps its library loaded after the caller lets go", "[processor]")
{
    auto library = test::loadOrFail (test::getTestPlugin ("tp_v2"));
    const auto copy = library->getLoadedCopy();
    auto processor = test::createOrFail (library);
    library.reset();

    ParameterStore store (processor->getLibrary()->getParameters());
    StereoBlock block (16);
    test::processWith (*processor, block.pointers(), 16, store);
    CHECK (copy.existsAsFile());

    processor.reset();
    CHECK_FALSE (copy.exists());
}

TEST_CASE ("create() returning NULL is a processorCreateFailed error and nothing is dropped", "[processor]")
{
    auto library = test::loadOrFail (test::getTestPlugin ("tp_create_null"));
    PluginLoadError error;
    CHECK (InProcessPluginInstance::create (library, error) == nullptr);
    CHECK (error.kind == PluginLoadError::Kind::createFailed);
    CHECK (error.getDiagnosticCode() == DiagnosticCode::processorCreateFailed);
    CHECK (error.message.contains ("create() in tp_create_null"));
    CHECK (test::getCounters (*library).dropped == 0);
}

TEST_CASE ("Version 2: every value reaches the plugin, in spec order, before each block", "[processor]")
{
    auto library = test::loadOrFail (test::getTestPlugin ("tp_v2"));
    auto& counters = test::getCounters (*library);
    auto processor = test::createOrFail (library);
    ParameterStore store (library->getParameters());

    processor->setSampleRate (44100.0);
    processor->reset();
    CHECK (counters.lastSampleRate == 44100.0f);
    CHECK (counters.resetCalls == 1);

    StereoBlock first (64);
    test::processWith (*processor, first.pointers(), 64, store);
    CHECK (counters.applyCalls == 1);
    CHECK (counters.processCalls == 1);
    CHECK (counters.lastNumChannels == 2);
    CHECK (counters.lastNumSamples == 64);
    REQUIRE (counters.lastValuesLength == 4);
    CHECK (counters.lastValues[0] == 1.0f);
    CHECK (counters.lastValues[1] == 0.0f);
    CHECK (counters.lastValues[2] == 1.0f);
    CHECK (counters.lastValues[3] == 2.0f);
    CHECK (first.left[10] == 1.0f);

    // A change made between blocks lands on the very next block.
    store.setValue (store.indexOf ("gain"), 0.5f);
    store.setValue (store.indexOf ("steps"), 4.0f);
    StereoBlock second (64);
    test::processWith (*processor, second.pointers(), 64, store);
    CHECK (counters.lastValues[0] == 0.5f);
    CHECK (counters.lastValues[3] == 4.0f);

    for (size_t i = 0; i < 64; ++i)
    {
        REQUIRE (second.left[i] == 0.5f);
        REQUIRE (second.right[i] == -0.5f);
    }

    store.setValue (store.indexOf ("mute"), 1.0f);
    StereoBlock third (8);
    test::processWith (*processor, third.pointers(), 8, store);
    CHECK (third.left[0] == 0.0f);
}

TEST_CASE ("Version 1: process runs, and no values are applied", "[processor]")
{
    auto library = test::loadOrFail (test::getTestPlugin ("tp_v1"));
    auto& counters = test::getCounters (*library);
    auto processor = test::createOrFail (library);
    ParameterStore store (library->getParameters());
    CHECK_FALSE (processor->acceptsParameterValues());

    StereoBlock block (32);
    test::processWith (*processor, block.pointers(), 32, store);
    CHECK (counters.processCalls == 1);
    CHECK (counters.applyCalls == 0);
    CHECK (block.left[31] == 0.5f);
    CHECK (block.right[0] == -0.5f);
}
