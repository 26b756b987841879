/*
    The browser UI server over real sockets: serving a source of the app's
    own (not a HostSession), and a HostSession whose parameters change from
    every side (pages, a window, the app's code, a reload).
*/
#include "TestHelpers.h"
#include "WebSocketTestClient.h"

#include <nlohmann/json.hpp>

using namespace wavecraft;
using Json = nlohmann::json;

namespace
{
/** What a JUCE app might serve instead of a dev-ABI plugin: two parameters
    of its own, meter frames its audio code publishes, a fixed scope picture,
    and a window that takes resize requests.
*/
class AppOwnBackend : public BrowserUiBackend
{
public:
    AppOwnBackend() { parameters = makeStore (R"([
        {"id":"level","name":"Level","type":"float","value":0.5,"default":0.5,"min":0,"max":1},
        {"id":"on","name":"On","type":"bool","value":0,"default":0,"min":0,"max":1}])"); }

    static std::shared_ptr<ParameterStore> makeStore (const std::string& json)
    {
        auto parsed = ParameterSpecParser::parseParameters (json);
        REQUIRE_FALSE (parsed.failed());
        return std::make_shared<ParameterStore> (parsed.parameters);
    }

    std::shared_ptr<ParameterStore> getParameters() const override { return parameters; }

    bool setParameter (const juce::String& id, float value, const void* origin) override
    {
        const auto index = parameters->indexOf (id);

        if (index < 0)
            return false;

        parameters->setValue (index, value);
        lastOrigin = origin;
        listeners.call ([&] (Listener& l)
                        { l.parameterChanged (id, value, origin); });
        return true;
    }

    const MeterTap& getMeterTap() const override { return meters; }

    bool getLatestScopeFrame (ScopeFrame& frame) const override
    {
        frame.left.fill (0.125f);
        frame.right.fill (-0.125f);
        frame.sampleRate = 44100.0;
        frame.noSignal = false;
        frame.timestampMicros = getMonotonicMicros();
        return true;
    }

    AudioStatus getAudioStatus() const override { return status; }

    bool requestResize (int width, int height) override
    {
        requestedSize = { width, height };
        return true;
    }

    void changeStatus (const AudioStatus& newStatus)
    {
        status = newStatus;
        listeners.call ([&] (Listener& l)
                        { l.audioStatusChanged (status); });
    }

    void replaceParameters (std::shared_ptr<ParameterStore> newParameters)
    {
        parameters = std::move (newParameters);
        listeners.call ([] (Listener& l)
                        { l.parametersReplaced(); });
    }

    MeterTap meters;
    std::atomic<const void*> lastOrigin { nullptr };
    juce::Point<int> requestedSize;

private:
    std::shared_ptr<ParameterStore> parameters;
    AudioStatus status;
};

/** Two pages, like two browser tabs on the same server. */
struct Pages
{
    explicit Pages (int port)
    {
        for (auto* page : { &first, &second })
        {
            REQUIRE (page->connectTo (port, 20)); // short reads, so the test can pump the message thread
            REQUIRE (page->handshake() == 101);
        }
    }

    test::WebSocketTestClient first, second;
};

/** Pumps the message thread (meterUpdate and status notifications come from
    it) until `client` receives a notification of `method`; its params.
*/
Json awaitNotification (test::WebSocketTestClient& client, const std::string& method)
{
    std::string message;
    test::pumpUntil ([&]
                     { return ! (message = client.waitForNotification (method)).empty(); },
                     5000);
    INFO ("waiting for " << method);
    REQUIRE_FALSE (message.empty());
    return Json::parse (message).at ("params");
}

Json resultOf (test::WebSocketTestClient& client, int id, const std::string& method, const std::string& params = "{}")
{
    const auto answer = client.call (id, method, params);
    INFO (method << " " << params << " -> " << answer);
    REQUIRE_FALSE (answer.empty());
    const auto parsed = Json::parse (answer);
    REQUIRE (parsed.contains ("result"));
    return parsed.at ("result");
}

/** A HostSession listener standing in for a window: it records every
    change, whoever made it.
*/
struct RecordingWindow : public HostSession::Listener
{
    void parameterChanged (const juce::String& id, float value, const void* origin) override
    {
        const std::lock_guard<std::mutex> lock (mutex);
        changes.push_back ({ id, value, origin });
    }

    void parametersReplaced() override { ++replacements; }

    struct Change
    {
        juce::String id;
        float value;
        const void* origin;
    };

    std::optional<Change> last()
    {
        const std::lock_guard<std::mutex> lock (mutex);
        return changes.empty() ? std::nullopt : std::optional<Change> (changes.back());
    }

    std::mutex mutex; // parameterChanged comes from the server's socket threads
    std::vector<Change> changes;
    std::atomic<int> replacements { 0 };
};
} // namespace

TEST_CASE ("The server serves any BrowserUiBackend, here an app's own source rather than a HostSession", "[server]")
{
    AppOwnBackend backend;
    BrowserUiServer server (backend);
    WebSocketServer::Options options;
    options.port = 0;
    REQUIRE (server.start (options).wasOk());
    Pages pages (server.getPort());

    // Its parameters, in its order.
    const auto listed = resultOf (pages.first, 1, "getAllParameters").at ("parameters");
    REQUIRE (listed.size() == 2);
    CHECK (listed[0].at ("id") == "level");
    CHECK (listed[0].at ("value") == 0.5);
    CHECK (listed[1].at ("type") == "bool");

    // A page sets one: the backend stores it, knows the server set it, and the other page hears.
    CHECK (resultOf (pages.first, 2, "setParameter", R"({"id":"level","value":0.25})") == Json::object());
    CHECK (backend.getParameters()->getValue (0) == 0.25f);
    CHECK (backend.lastOrigin.load() == &server);
    const auto heard = awaitNotification (pages.second, "parameterChanged");
    CHECK (heard == Json::parse (R"({"id":"level","value":0.25})"));
    CHECK_FALSE (pages.first.receivesWithin ("parameterChanged", 200)); // the setter is not told its own change

    // The app changes one on its side: every page hears.
    const int appCode = 0;
    REQUIRE (backend.setParameter ("on", 1.0f, &appCode));
    CHECK (awaitNotification (pages.first, "parameterChanged") == Json::parse (R"({"id":"on","value":1.0})"));
    CHECK (awaitNotification (pages.second, "parameterChanged") == Json::parse (R"({"id":"on","value":1.0})"));

    // Its own meter frames and scope picture.
    backend.meters.publish ({ 0.5f, 0.25f, 0.125f, 0.0625f, getMonotonicNanos() });
    const auto meter = awaitNotification (pages.first, "meterUpdate");
    CHECK (meter.at ("left_peak") == 0.5);
    CHECK (meter.at ("right_rms") == 0.0625);
    const auto scope = resultOf (pages.first, 3, "getOscilloscopeFrame").at ("frame");
    CHECK (scope.at ("points_l").size() == (size_t) ScopeFrame::numPoints);
    CHECK (scope.at ("points_l")[0] == 0.125);

    // Its status, pushed and asked for.
    AudioStatus running;
    running.phase = AudioPhase::runningFullDuplex;
    running.sampleRate = 44100.0;
    running.bufferSize = 256;
    backend.changeStatus (running);
    CHECK (awaitNotification (pages.second, "audioStatusChanged").at ("phase") == "runningFullDuplex");
    CHECK (resultOf (pages.second, 4, "getAudioStatus").at ("status").at ("buffer_size") == 256);

    // Its window takes resize requests.
    CHECK (resultOf (pages.first, 5, "requestResize", R"({"width":800,"height":600})").at ("accepted") == true);
    CHECK (backend.requestedSize == juce::Point<int> (800, 600));

    // A new parameter list: pages are told to read it again, and find it.
    backend.replaceParameters (AppOwnBackend::makeStore (R"([
        {"id":"tone","name":"Tone","type":"float","value":440,"default":440,"min":20,"max":20000,"unit":"Hz"}])"));
    awaitNotification (pages.first, "parametersChanged");
    CHECK (resultOf (pages.first, 6, "getAllParameters").at ("parameters")[0].at ("id") == "tone");

    server.stop();
}

TEST_CASE ("A parameter set from any side (a page, a window, the app, a reload) reaches every other side", "[server][engine]")
{
    test::TemporaryFolder temp;
    const auto pluginFile = temp.getFile ("plugin" WAVECRAFT_PLUGIN_SUFFIX);
    REQUIRE (test::getTestPlugin ("tp_v2").copyFileTo (pluginFile));

    HostSession session;
    HostSession::Options sessionOptions;
    sessionOptions.plugin = pluginFile;
    sessionOptions.device.deviceType = VirtualAudioIODevice::typeName;
    sessionOptions.inputSource = "sine:1000"; // -6 dBFS
    REQUIRE (session.start (sessionOptions).wasOk());

    RecordingWindow window;
    session.addListener (&window);
    BrowserUiServer server (session);
    WebSocketServer::Options options;
    options.port = 0;
    REQUIRE (server.start (options).wasOk());
    Pages pages (server.getPort());

    SECTION ("a page: the other page, the window and the audio thread")
    {
        CHECK (resultOf (pages.first, 1, "setParameter", R"({"id":"gain","value":0.5})") == Json::object());
        CHECK (awaitNotification (pages.second, "parameterChanged") == Json::parse (R"({"id":"gain","value":0.5})"));
        REQUIRE (window.last().has_value());
        CHECK (window.last()->id == "gain");
        CHECK (window.last()->value == 0.5f);
        CHECK (window.last()->origin == &server);
        CHECK_FALSE (pages.first.receivesWithin ("parameterChanged", 200));

        // The plugin runs at gain 0.5 on the sine at 0.5: the pages' meters show 0.25.
        CHECK (test::pumpUntil ([&]
                                {
            const auto meter = pages.first.waitForNotification ("meterUpdate");
            return ! meter.empty() && std::abs (Json::parse (meter).at ("params").at ("left_peak").get<double>() - 0.25) < 0.002; },
                                5000));
    }

    SECTION ("a window: both pages, and the window knows the change for its own")
    {
        REQUIRE (session.setParameter ("gain", 0.75f, &window));
        CHECK (awaitNotification (pages.first, "parameterChanged") == Json::parse (R"({"id":"gain","value":0.75})"));
        CHECK (awaitNotification (pages.second, "parameterChanged") == Json::parse (R"({"id":"gain","value":0.75})"));
        CHECK (window.last()->origin == &window);
        CHECK (resultOf (pages.second, 2, "getParameter", R"({"id":"gain"})").at ("value") == 0.75);
    }

    SECTION ("the app's code: both pages and the window; an unknown id reaches nobody")
    {
        REQUIRE (session.setParameter ("mute", 1.0f, nullptr));
        CHECK (awaitNotification (pages.first, "parameterChanged") == Json::parse (R"({"id":"mute","value":1.0})"));
        CHECK (awaitNotification (pages.second, "parameterChanged") == Json::parse (R"({"id":"mute","value":1.0})"));
        CHECK (window.last()->origin == nullptr);

        const auto changesBefore = window.changes.size();
        CHECK_FALSE (session.setParameter ("no_such", 1.0f, nullptr));
        CHECK (window.changes.size() == changesBefore);
        CHECK_FALSE (pages.first.receivesWithin ("parameterChanged", 200));
    }

    SECTION ("a reload: pages are told the list changed, the window too, and values carry over")
    {
        REQUIRE (session.setParameter ("gain", 1.5f, nullptr));
        const auto next = temp.getFile ("next" WAVECRAFT_PLUGIN_SUFFIX);
        REQUIRE (test::getTestPlugin ("tp_v2").copyFileTo (next));
        REQUIRE (next.moveFileTo (pluginFile)); // a build renames a new file over the old one

        awaitNotification (pages.first, "parametersChanged");
        awaitNotification (pages.second, "parametersChanged");
        CHECK (window.replacements.load() == 1);
        CHECK (resultOf (pages.first, 3, "getParameter", R"({"id":"gain"})").at ("value") == 1.5);
    }

    server.stop();
    session.removeListener (&window);
    session.stop();
}
