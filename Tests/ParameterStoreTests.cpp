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

TEST_CASE ("A reader on another thread only ever sees values that were written", "[params][threads]")
{
    wavecraft::ParameterStore store (makeSpecs());
    std::atomic<bool> done { false };
    std::atomic<int> badReads { 0 };

    std::thread reader ([&]
                        {
        float values[3];

        while (! done.load())
        {
            store.copyValuesTo (values);

            // The writer only writes multiples of 1/64 in [0, 2]: anything else is torn.
            if (values[0] * 64.0f != std::floor (values[0] * 64.0f) || values[0] < 0.0f || values[0] > 2.0f)
                ++badReads;
        } });

    for (int i = 0; i < 200000; ++i)
        store.setValue (0, (float) (i % 129) / 64.0f);

    done = true;
    reader.join();
    CHECK (badReads == 0);
    CHECK (store.getValue (0) == (float) (199999 % 129) / 64.0f);
}
