/*
    A plugin that misbehaves in process(), in the host's own process: its bad
    output never leaves the host, the status says what happened, and a fixed
    build plays normally again. (A plugin that hangs is tested on the real
    binary, Tests/e2e/faults.test.mjs: a stuck audio thread can't be stopped
    from inside the test.)
*/
#include "ServedSession.h"

using namespace wavecraft;
using Json = nlohmann::json;

TEST_CASE ("NaN and Inf from the plugin never reach a page, the status says so once, and a fixed build meters normally", "[engine]")
{
    // In-process, so the host's block count is the plugin's call count: an
    // isolated block answered late (likely under TSan) is silenced without
    // the host counting the plugin's work, and the block named would shift.
    test::ServedSession live ("tp_nan_after_50_blocks", "sine:1000", 256, // 0.5 peak
                              HostSession::PluginIsolation::inProcess);
    auto& page = live.page;

    // The status: still running, with a note naming what was silenced.
    const auto status = live.awaitNotification ("audioStatusChanged", [] (const Json& params)
                                                { return params.contains ("diagnostic"); });
    INFO (status.dump());
    CHECK (status.at ("phase") == "runningFullDuplex");
    CHECK (juce::String (status.at ("diagnostic").at ("message").get<std::string>()).contains ("NaN or Inf on both channels in block 50 ("));
    CHECK (status.at ("diagnostic").at ("code") == "unknown");
    CHECK (status.at ("diagnostic").at ("fault") == "nan"); // and what a program reads of it
    CHECK (status.at ("diagnostic").at ("block") == 50);
    CHECK (status.at ("diagnostic").at ("channels") == "both");

    // Every meter frame a page gets carries numbers: silence for the bad blocks.
    for (int frames = 0; frames < 20;)
    {
        test::pumpMessages (5);
        const auto meter = page.waitForNotification ("meterUpdate");

        if (meter.empty())
            continue;

        const auto levels = Json::parse (meter).at ("params");
        INFO (levels.dump());
        REQUIRE (levels.at ("left_peak").is_number());
        REQUIRE (levels.at ("right_rms").is_number());
        ++frames;
    }

    // It was said once: no second status for the blocks that followed.
    CHECK_FALSE (page.receivesWithin ("audioStatusChanged", 500));

    // The fixed build: full level again, and the note is gone.
    const auto fixed = live.temp.getFile ("fixed" WAVECRAFT_PLUGIN_SUFFIX);
    REQUIRE (test::getTestPlugin ("tp_v2").copyFileTo (fixed));
    REQUIRE (fixed.moveFileTo (live.pluginFile));
    live.awaitNotification ("audioStatusChanged", [] (const Json& params)
                            { return ! params.contains ("diagnostic"); });
    live.awaitNotification ("meterUpdate", [] (const Json& params)
                            { return std::abs (params.at ("left_peak").get<double>() - 0.5) < 0.002; });
}
