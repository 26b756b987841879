/*
    A plugin that misbehaves in process(), in the host's own process: its bad
    output never leaves the host, the status says what happened, and a fixed
    build plays normally again. (A plugin that hangs is tested on the real
    binary, Tests/e2e/faults.test.mjs: a stuck audio thread can't be stopped
    from inside the test.)
*/
#include "TestHelpers.h"
#include "WebSocketTestClient.h"

#include <nlohmann/json.hpp>

using namespace wavecraft;
using Json = nlohmann::json;

TEST_CASE ("NaN and Inf from the plugin never reach a page, the status says so once, and a fixed build meters normally", "[engine]")
{
    test::TemporaryFolder temp;
    const auto pluginFile = temp.getFile ("plugin" WAVECRAFT_PLUGIN_SUFFIX);
    REQUIRE (test::getTestPlugin ("tp_nan_after_50_blocks").copyFileTo (pluginFile));

    HostSession session;
    HostSession::Options options;
    options.plugin = pluginFile;
    options.device.deviceType = VirtualAudioIODevice::typeName;
    options.device.bufferSize = 256;
    options.inputSource = "sine:1000"; // 0.5 peak
    REQUIRE (session.start (options).isEmpty());

    BrowserUiServer server (session);
    WebSocketServer::Options serverOptions;
    serverOptions.port = 0;
    REQUIRE (server.start (serverOptions).isEmpty());
    test::WebSocketTestClient page;
    REQUIRE (page.connectTo (server.getPort(), 20));
    REQUIRE (page.handshake() == 101);

    // The status: still running, with a note naming what was silenced.
    Json status;
    REQUIRE (test::pumpUntil ([&]
                              {
        const auto message = page.waitForNotification ("audioStatusChanged");
        status = message.empty() ? Json() : Json::parse (message).at ("params");
        return status.is_object() && status.contains ("diagnostic"); },
                              5000));
    INFO (status.dump());
    CHECK (status.at ("phase") == "runningFullDuplex");
    CHECK (juce::String (status.at ("diagnostic").at ("message").get<std::string>()).contains ("NaN or Inf on both channels in block 50 ("));
    CHECK (status.at ("diagnostic").at ("code") == "unknown");

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
    const auto fixed = temp.getFile ("fixed" WAVECRAFT_PLUGIN_SUFFIX);
    REQUIRE (test::getTestPlugin ("tp_v2").copyFileTo (fixed));
    REQUIRE (fixed.moveFileTo (pluginFile));
    CHECK (test::pumpUntil ([&]
                            {
        const auto message = page.waitForNotification ("audioStatusChanged");
        return ! message.empty() && ! Json::parse (message).at ("params").contains ("diagnostic"); },
                            5000));
    CHECK (test::pumpUntil ([&]
                            {
        const auto meter = page.waitForNotification ("meterUpdate");
        return ! meter.empty() && std::abs (Json::parse (meter).at ("params").at ("left_peak").get<double>() - 0.5) < 0.002; },
                            5000));

    server.stop();
    session.stop();
}
