#include "TestHelpers.h"

#include <thread>

namespace
{
std::vector<wavecraft::ParameterSpec> makeSpecs()
{
    auto result = wavecraft::ParameterSpecParser::parseParameters (R"([
            {"id":"gain","name":"Gain","type":"float","value":1,"default":1,"min":0,"max":2},
            {"id":"mute","name":"Mute","type":"bool","value":0,"default":0,"min":0,"max":1},
            {"id":"shape","name":"Shape","type":"enum","value":0,"default":2,"min":0,"max":3}])");
    REQUIRE_FALSE (result.failed());
    return result.parameters;
}

/** Parameter `index` takes whole numbers in [index * 10^6, index * 10^6 + 999999]
    (exact in a float): a value read at the wrong index is out of its range.
*/
float valueOf (int index, int step)
{
    return (float) (index * 1000000 + step);
}

std::vector<wavecraft::ParameterSpec> makeDisjointSpecs (int count)
{
    std::vector<wavecraft::ParameterSpec> specs;

    for (int index = 0; index < count; ++index)
    {
        wavecraft::ParameterSpec spec;
        spec.id = "p" + juce::String (index);
        spec.name = spec.id;
        spec.minValue = spec.defaultValue = valueOf (index, 0);
        spec.maxValue = valueOf (index, 999999);
        specs.push_back (spec);
    }

    return specs;
}
} // namespace

TEST_CASE ("The store starts at the defaults and copies values in spec order", "[params]")
{
    wavecraft::ParameterStore store (makeSpecs());
    REQUIRE (store.size() == 3);
    CHECK (store.indexOf ("shape") == 2);
    CHECK (store.indexOf ("nope") == -1);

    float values[3] = {};
    store.copyValuesTo (values);
    CHECK (values[0] == 1.0f);
    CHECK (values[1] == 0.0f);
    CHECK (values[2] == 2.0f);

    store.setValue (0, 0.25f);
    store.setValue (2, 1.0f);
    store.copyValuesTo (values);
    CHECK (values[0] == 0.25f);
    CHECK (values[2] == 1.0f);

    store.setValue (0, 5.0f);
    CHECK (store.getValue (0) == 2.0f);

    store.resetToDefaults();
    CHECK (store.getValue (0) == 1.0f);
    CHECK (store.getValue (2) == 2.0f);
}

// The values are atomics, so no read is ever torn: what a reader can get wrong
// is which value it sees, and where, so that is what these two look at.
TEST_CASE ("A value written on one thread is in the audio thread's next copy, at its own index and nowhere else", "[params][threads]")
{
    constexpr int numParameters = 8, rounds = 5000;
    wavecraft::ParameterStore store (makeDisjointSpecs (numParameters));
    std::atomic<int> written { 0 }, copied { 0 };

    // One write at a time, each to the next parameter, then a word to the
    // reader: the write happens before the reader's copy, as a server's write
    // does before the next block, so that copy must hold it.
    std::thread writer ([&]
                        {
        for (int round = 1; round <= rounds; ++round)
        {
            store.setValue (round % numParameters, valueOf (round % numParameters, round));
            written.store (round, std::memory_order_release);

            while (copied.load (std::memory_order_acquire) != round)
                std::this_thread::yield();
        } });

    std::vector<float> expected, copy ((size_t) numParameters);

    for (int index = 0; index < numParameters; ++index)
        expected.push_back (valueOf (index, 0));

    int wrongCopies = 0;
    juce::String firstWrongCopy;

    for (int round = 1; round <= rounds; ++round)
    {
        while (written.load (std::memory_order_acquire) != round)
            std::this_thread::yield();

        expected[(size_t) (round % numParameters)] = valueOf (round % numParameters, round);
        store.copyValuesTo (copy.data());

        if (copy != expected && wrongCopies++ == 0)
            for (int index = 0; index < numParameters; ++index)
                if (copy[(size_t) index] != expected[(size_t) index])
                    firstWrongCopy << "round " << round << ": [" << index << "] is " << (juce::int64) copy[(size_t) index]
                                   << ", not " << (juce::int64) expected[(size_t) index] << "\n";

        copied.store (round, std::memory_order_release);
    }

    writer.join();
    INFO (firstWrongCopy);
    CHECK (wrongCopies == 0);
}

TEST_CASE ("Copies taken while another thread writes hold each parameter's own values, never older ones, then the last", "[params][threads]")
{
    constexpr int numParameters = 8, writes = 100000;
    wavecraft::ParameterStore store (makeDisjointSpecs (numParameters));
    std::atomic<bool> readerStarted { false }, writerDone { false };

    // Every parameter counts up through values of its own, as a dragged knob does.
    std::thread writer ([&]
                        {
        while (! readerStarted.load())
            std::this_thread::yield();

        for (int i = 1; i <= writes; ++i)
            for (int index = 0; index < numParameters; ++index)
                store.setValue (index, valueOf (index, i));

        writerDone.store (true, std::memory_order_release); });

    std::vector<float> copy ((size_t) numParameters), previous ((size_t) numParameters);
    store.copyValuesTo (previous.data());
    readerStarted = true;
    int foreignValues = 0, valuesGoingBack = 0;

    for (;;)
    {
        // The flag before the copy: a copy taken once the writer is known to
        // be done is the last one, and must hold the last writes.
        const auto writerFinished = writerDone.load (std::memory_order_acquire);
        store.copyValuesTo (copy.data());

        for (int index = 0; index < numParameters; ++index)
        {
            const auto value = copy[(size_t) index];
            const auto step = value - valueOf (index, 0);

            if (step < 0.0f || step > (float) writes || step != std::floor (step))
                ++foreignValues;

            if (value < previous[(size_t) index])
                ++valuesGoingBack;
        }

        previous = copy;

        if (writerFinished)
            break;
    }

    writer.join();
    CHECK (foreignValues == 0);
    CHECK (valuesGoingBack == 0);

    for (int index = 0; index < numParameters; ++index)
        CHECK (copy[(size_t) index] == valueOf (index, writes));
}
