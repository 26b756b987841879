#include "TestHelpers.h"

// The dispatcher is internal to wavecraft_server, and the one place nlohmann
// is seen: a unit test includes it the way the module's .cpp does.
#include <nlohmann/json.hpp>
#include <wavecraft_server/protocol/wavecraft_JsonRpcDispatcher.h>

using namespace wavecraft;
using detail::JsonRpcDispatcher;
using Json = nlohmann::json;

namespace
{
/** A backend with fixed state, recording what the dispatcher asked of it. */
struct FakeBackend : public detail::RpcBackend
{
    FakeBackend()
    {
        auto parsed = ParameterSpecParser::parseParameters (R"([
            {"id":"gain","name":"Gain","type":"float","value":1,"default":1,"min":0,"max":2,"unit":"dB","group":"Input"},
            {"id":"mute","name":"Mute","type":"bool","value":0,"default":0,"min":0,"max":1},
            {"id":"shape","name":"Shape","type":"enum","value":0,"default":1,"min":0,"max":2,"variants":["A","B","C"]}])");
        REQUIRE_FALSE (parsed.failed());
        store = std::make_shared<ParameterStore> (parsed.parameters);
    }

    std::shared_ptr<ParameterStore> getParameterStore() override { return store; }

    bool setParameterFromClient (int clientId, const juce::String& id, float value) override
    {
        const auto index = store->indexOf (id);

        if (index < 0)
            return false;

        store->setValue (index, value);
        changes.push_back ({ clientId, id, value });
        return true;
    }

    bool getLatestMeterFrame (MeterFrame& frame, juce::int64& timestampMs) override
    {
        frame = { 0.5f, 0.25f, 0.3f, 0.1f, 0 };
        timestampMs = 1234;
        return hasMeter;
    }

    bool getLatestScopeFrame (ScopeFrame& frame, juce::int64& timestampMs) override
    {
        frame.left.fill (scopeLevel);

        if (! scopePoints.empty())
            std::copy (scopePoints.begin(), scopePoints.end(), frame.left.begin());

        frame.right.fill (-0.5f);
        frame.sampleRate = 44100.0;
        frame.noSignal = false;
        frame.timestampMicros = scopeCutAtMicros;
        timestampMs = 99;
        ++scopeReads;
        return hasScope;
    }

    std::optional<AudioStatus> getAudioStatus() override { return status; }

    PluginReport getPluginReport (int clientId) override
    {
        reportClients.push_back (clientId);
        return report;
    }

    bool requestResize (int, int) override { return false; }
    void registerAudioClient (const juce::String& id, double, int) override { registered = id; }

    LateAnswer lateAnswerTo (int clientId) override
    {
        return [this, clientId] (const std::string& text)
        { sentLater.push_back ({ clientId, Json::parse (text) }); };
    }

    void measureResponse (const std::string& id, int points, LateAnswer answer) override { responseRequests.push_back ({ Json::parse (id), points, std::move (answer) }); }

    struct ResponseRequest
    {
        Json id;
        int points;
        LateAnswer answer;
    };

    std::vector<std::pair<int, Json>> sentLater; // client, answer

    std::vector<ResponseRequest> responseRequests;

    std::vector<LoadedBuild> getBuilds() override { return builds; }
    void selectBuild (const std::string& id, const juce::String& role, LateAnswer answer) override
    {
        selections.push_back ({ Json::parse (id), role });

        if (answerSelectionsAtOnce) // as a backend does when it has nothing to wait for
            return answer (detail::JsonRpcDispatcher::answerSelection (id, role, {}));

        selectionAnswers.push_back (std::move (answer));
    }

    bool answerSelectionsAtOnce = false;
    std::vector<LoadedBuild> builds;
    std::vector<std::pair<Json, juce::String>> selections;
    std::vector<LateAnswer> selectionAnswers;

    PluginReport report;
    std::vector<int> reportClients;

    struct Change
    {
        int clientId;
        juce::String id;
        float value;
    };

    std::shared_ptr<ParameterStore> store;
    std::vector<Change> changes;
    std::optional<AudioStatus> status;
    bool hasMeter = true, hasScope = true;
    float scopeLevel = 0.5f;
    std::vector<float> scopePoints; // when set, the left channel's points
    juce::int64 scopeCutAtMicros = 1000;
    int scopeReads = 0;
    juce::String registered;
};

struct Rig
{
    Json call (const std::string& text, int clientId = 1)
    {
        const auto response = dispatcher.handle (text, clientId);
        REQUIRE_FALSE (response.empty());
        return Json::parse (response);
    }

    Json request (const std::string& method, const Json& params = nullptr, const Json& id = 1)
    {
        Json message { { "jsonrpc", "2.0" }, { "id", id }, { "method", method } };

        if (! params.is_null())
            message["params"] = params;

        return call (message.dump());
    }

    static int errorCode (const Json& response) { return response.at ("error").at ("code").get<int>(); }

    FakeBackend backend;
    JsonRpcDispatcher dispatcher { backend };
};
} // namespace

TEST_CASE ("Responses echo the id with its JSON type and carry jsonrpc 2.0", "[rpc]")
{
    Rig rig;
    CHECK (rig.request ("ping", nullptr, 42) == Json::parse (R"({"jsonrpc":"2.0","id":42,"result":{"pong":true}})"));
    CHECK (rig.request ("ping", nullptr, "a-b") == Json::parse (R"({"jsonrpc":"2.0","id":"a-b","result":{"pong":true}})"));
    CHECK (rig.request ("ping", nullptr, 1.5)["id"] == 1.5);
    CHECK (rig.call (R"({"jsonrpc":"2.0","id":null,"method":"ping"})")["id"].is_null());
}

TEST_CASE ("Every error code of the contract", "[rpc]")
{
    Rig rig;
    const auto parse = rig.call ("{\"jsonrpc\": \"2.0\", \"id\": 3, ");
    CHECK (Rig::errorCode (parse) == -32700);
    CHECK (parse["id"].is_null());

    CHECK (Rig::errorCode (rig.call (R"([1, 2])")[0]) == -32600);
    CHECK (Rig::errorCode (rig.call (R"("ping")")) == -32600);
    CHECK (Rig::errorCode (rig.call (R"({"id":1,"method":"ping"})")) == -32600);
    CHECK (Rig::errorCode (rig.call (R"({"jsonrpc":"2.1","id":1,"method":"ping"})")) == -32600);
    CHECK (Rig::errorCode (rig.call (R"({"jsonrpc":"2.0","id":{"x":1},"method":"ping"})")) == -32600);
    CHECK (Rig::errorCode (rig.call (R"({"jsonrpc":"2.0","id":1,"method":7})")) == -32600);
    CHECK (Rig::errorCode (rig.call (R"({"jsonrpc":"2.0","id":1,"method":"ping","params":"x"})")) == -32600);
    CHECK (rig.call (R"({"jsonrpc":"2.0","id":5,"method":7})")["id"] == 5);
    CHECK (Rig::errorCode (rig.call ("[]")) == -32600);

    CHECK (Rig::errorCode (rig.request ("getParameters")) == -32601);
    CHECK (Rig::errorCode (rig.request ("getParameter")) == -32602);
    CHECK (Rig::errorCode (rig.request ("getParameter", { { "id", 3 } })) == -32602);
    CHECK (Rig::errorCode (rig.request ("setParameter", { { "id", "gain" } })) == -32602);
    CHECK (Rig::errorCode (rig.request ("setParameter", { { "id", "gain" }, { "value", "1" } })) == -32602);
    CHECK (Rig::errorCode (rig.request ("setParameter", { { "id", "gain" }, { "value", true } })) == -32602);
    CHECK (Rig::errorCode (rig.request ("requestResize", { { "width", 100 } })) == -32602);
    CHECK (Rig::errorCode (rig.request ("registerAudio", { { "client_id", "x" }, { "sample_rate", 48000 } })) == -32602);
    // Out of range, including one the fuzzer found beyond int's range.
    CHECK (Rig::errorCode (rig.request ("registerAudio", { { "client_id", "x" }, { "sample_rate", 48000 }, { "buffer_size", 5.21475e12 } })) == -32602);
    CHECK (Rig::errorCode (rig.request ("registerAudio", { { "client_id", "x" }, { "sample_rate", -1 }, { "buffer_size", 128 } })) == -32602);
    CHECK (Rig::errorCode (rig.request ("getParameter", { { "id", "volume" } })) == -32000);
    CHECK (Rig::errorCode (rig.request ("setParameter", { { "id", "volume" }, { "value", 1 } })) == -32000);

    const auto outOfRange = rig.request ("setParameter", { { "id", "gain" }, { "value", 2.5 } });
    CHECK (Rig::errorCode (outOfRange) == -32001);
    CHECK (outOfRange["error"]["message"] == "'gain' takes a number from 0 to 2, got 2.5");
    CHECK (Rig::errorCode (rig.request ("setParameter", { { "id", "mute" }, { "value", 0.5 } })) == -32001);
    CHECK (Rig::errorCode (rig.request ("setParameter", { { "id", "shape" }, { "value", 1.5 } })) == -32001);
    CHECK (Rig::errorCode (rig.request ("setParameter", { { "id", "shape" }, { "value", 3 } })) == -32001);

    // None of that changed anything.
    CHECK (rig.backend.store->getValue (0) == 1.0f);
    CHECK (rig.backend.changes.empty());
}

TEST_CASE ("setParameter stores the value and reports it for the other clients", "[rpc]")
{
    Rig rig;
    CHECK (rig.request ("setParameter", { { "id", "gain" }, { "value", 0.25 } })["result"] == Json::object());
    CHECK (rig.backend.store->getValue (0) == 0.25f);
    REQUIRE (rig.backend.changes.size() == 1);
    CHECK (rig.backend.changes[0].clientId == 1);
    CHECK (rig.backend.changes[0].id == "gain");

    CHECK (rig.request ("setParameter", { { "id", "mute" }, { "value", true } })["result"] == Json::object());
    CHECK (rig.backend.store->getValue (1) == 1.0f);
    CHECK (rig.request ("getParameter", { { "id", "gain" } })["result"] == Json::parse (R"({"id":"gain","value":0.25})"));
}

TEST_CASE ("getAllParameters gives each spec with its current value, in order", "[rpc]")
{
    Rig rig;
    rig.backend.store->setValue (2, 2.0f);
    const auto parameters = rig.request ("getAllParameters")["result"]["parameters"];
    REQUIRE (parameters.size() == 3);
    CHECK (parameters[0] == Json::parse (R"({"id":"gain","name":"Gain","type":"float","value":1.0,"default":1.0,
                                             "min":0.0,"max":2.0,"unit":"dB","group":"Input"})"));
    CHECK_FALSE (parameters[1].contains ("unit"));
    CHECK_FALSE (parameters[1].contains ("variants"));
    CHECK (parameters[2]["value"] == 2.0);
    CHECK (parameters[2]["variants"] == Json::parse (R"(["A","B","C"])"));

    rig.backend.store = nullptr; // no plugin running
    CHECK (rig.request ("getAllParameters")["result"]["parameters"] == Json::array());
    CHECK (Rig::errorCode (rig.request ("getParameter", { { "id", "gain" } })) == -32000);
}

TEST_CASE ("Meter, scope and status frames have the contract's fields", "[rpc]")
{
    Rig rig;
    CHECK (rig.request ("getMeterFrame")["result"]
           == Json::parse (R"({"frame":{"peak_l":0.5,"peak_r":0.25,"rms_l":0.30000001192092896,"rms_r":0.10000000149011612,"timestamp":1234}})"));
    rig.backend.hasMeter = false;
    CHECK (rig.request ("getMeterFrame")["result"] == Json::parse (R"({"frame":null})"));

    const auto scope = rig.request ("getOscilloscopeFrame")["result"]["frame"];
    CHECK (scope["points_l"].size() == 1024);
    CHECK (scope["points_r"][1023] == -0.5);
    CHECK (scope["sample_rate"] == 44100.0);
    CHECK (scope["no_signal"] == false);
    CHECK (scope["trigger_mode"] == "risingZeroCrossing");
    CHECK (scope["timestamp"] == 99);

    CHECK (rig.request ("getAudioStatus")["result"] == Json::parse (R"({"status":null})"));
    AudioStatus status;
    status.phase = AudioPhase::degraded;
    status.diagnostic = Diagnostic { DiagnosticCode::noInputDevice, "no input", "", {} };
    status.updatedAtMs = 77;
    status.lateBlocks = 12;
    rig.backend.status = status;
    CHECK (rig.request ("getAudioStatus")["result"]
           == Json::parse (R"({"status":{"phase":"degraded","diagnostic":{"code":"noInputDevice","message":"no input"},"updated_at_ms":77,"late_blocks":12}})"));

    // What a program acts on, beside the words: the subject and its fields, in snake_case.
    status.phase = AudioPhase::failed;
    status.diagnostic = Diagnostic { DiagnosticCode::unknown, "libmine.so crashed", "fix it", {} };
    status.diagnostic->subject = Diagnostic::Subject::plugin;
    status.diagnostic->fields.set (Diagnostic::Fields::fault, "crash");
    status.diagnostic->fields.set (Diagnostic::Fields::signal, "SIGSEGV");
    status.diagnostic->fields.set (Diagnostic::Fields::call, "process");
    status.diagnostic->fields.set (Diagnostic::Fields::secondsOfAudio, 0.5);
    status.diagnostic->fields.set (Diagnostic::Fields::block, (juce::int64) 49);
    rig.backend.status = status;
    CHECK (rig.request ("getAudioStatus")["result"]["status"]["diagnostic"]
           == Json::parse (R"({"code":"unknown","message":"libmine.so crashed","hint":"fix it","subject":"plugin",
                               "fault":"crash","signal":"SIGSEGV","call":"process","seconds_of_audio":0.5,"block":49})"));

    CHECK (rig.request ("requestResize", { { "width", 640 }, { "height", 480 } })["result"] == Json::parse (R"({"accepted":false})"));
    CHECK (rig.request ("registerAudio", { { "client_id", "page-1" }, { "sample_rate", 48000 }, { "buffer_size", 128 } })["result"]
           == Json::parse (R"({"status":"registered"})"));
    CHECK (rig.backend.registered == "page-1");
}

TEST_CASE ("Notifications are carried out and not answered, and batches get arrays", "[rpc]")
{
    Rig rig;
    CHECK (rig.dispatcher.handle (R"({"jsonrpc":"2.0","method":"setParameter","params":{"id":"gain","value":0.5}})", 1).empty());
    CHECK (rig.backend.store->getValue (0) == 0.5f);
    CHECK (rig.dispatcher.handle (R"({"jsonrpc":"2.0","method":"nope"})", 1).empty());

    const auto batch = rig.call (R"([{"jsonrpc":"2.0","id":1,"method":"ping"},
                                      {"jsonrpc":"2.0","method":"ping"},
                                      {"jsonrpc":"2.0","id":"x","method":"getParameter","params":{"id":"mute"}}])");
    REQUIRE (batch.is_array());
    REQUIRE (batch.size() == 2);
    CHECK (batch[0]["id"] == 1);
    CHECK (batch[1]["result"]["value"] == 0.0);
    CHECK (rig.dispatcher.handle (R"([{"jsonrpc":"2.0","method":"ping"}])", 1).empty());

    const auto note = Json::parse (JsonRpcDispatcher::makeNotification ("parametersChanged", Json::object()));
    CHECK (note == Json::parse (R"({"jsonrpc":"2.0","method":"parametersChanged","params":{}})"));
    CHECK_FALSE (note.contains ("id"));
}

TEST_CASE ("Invalid UTF-8 from a client comes back replaced, never as a crash", "[rpc]")
{
    // Found by the dispatcher fuzzer: the parse error quoted the bad bytes and
    // serialising them threw out of the server thread.
    Rig rig;
    const auto parse = rig.call ("\xff"
                                 "c");
    CHECK (Rig::errorCode (parse) == -32700);

    CHECK (Rig::errorCode (rig.call ("3e333e3")) == -32700); // also found by the fuzzer: a number overflow

    // Invalid UTF-8 inside a string is not JSON at all.
    const auto method = rig.call ("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"\xff\"}");
    CHECK (Rig::errorCode (method) == -32700);
}

TEST_CASE ("Scope points are written as the shortest text of their float: each reads back as the same float", "[rpc]")
{
    Rig rig;
    std::vector<float> written;
    juce::Random random (42);

    for (int i = 0; i < ScopeFrame::numPoints; ++i)
        written.push_back ((random.nextFloat() * 2.0f - 1.0f) * std::pow (10.0f, (float) (i % 12) - 9.0f));

    written[7] = std::numeric_limits<float>::quiet_NaN(); // written as null, as nlohmann would
    written[8] = -std::numeric_limits<float>::infinity();
    rig.backend.scopePoints = written;

    const auto text = rig.dispatcher.handle (R"({"jsonrpc":"2.0","id":1,"method":"getOscilloscopeFrame"})", 1);
    const auto points = Json::parse (text)["result"]["frame"]["points_l"];
    REQUIRE (points.size() == written.size());
    CHECK (points[7].is_null());
    CHECK (points[8].is_null());

    for (size_t i = 0; i < written.size(); ++i)
        if (std::isfinite (written[i]) && (float) points[i].get<double>() != written[i])
            FAIL ("point " << i << " was " << written[i] << ", reads back as " << points[i].dump());

    // Shorter than a double's 17 digits: about 10 characters a point here, not 20.
    const auto start = text.find (R"("points_l":[)"), end = text.find (R"(],"points_r")");
    REQUIRE (end != std::string::npos);
    CHECK (end - start < (size_t) ScopeFrame::numPoints * 13);
}

TEST_CASE ("A plain call, read without a json tree, is answered exactly as the parsed one", "[rpc]")
{
    Rig rig;

    // The same call, once in the compact form pages send (read by hand) and
    // once with a space the hand reader doesn't take (parsed).
    for (const std::string method : { "ping", "getAllParameters", "getMeterFrame", "getAudioStatus", "getOscilloscopeFrame",
                                      "getParameter", "nope" })
    {
        for (const std::string params : { "", R"(,"params":{})" })
        {
            for (const std::string id : { "0", "7", "123456789012345" })
            {
                const auto plain = R"({"jsonrpc":"2.0","id":)" + id + R"(,"method":")" + method + "\"" + params + "}";
                const auto spaced = R"({ "jsonrpc":"2.0","id":)" + id + R"(,"method":")" + method + "\"" + params + "}";
                INFO (plain);
                CHECK (rig.dispatcher.handle (plain, 1) == rig.dispatcher.handle (spaced, 1));
            }
        }
    }

    // Near misses go to the parser, which answers them as JSON-RPC says.
    CHECK (Rig::errorCode (rig.call (R"({"jsonrpc":"2.0","id":01,"method":"ping"})")) == -32700);
    CHECK (Rig::errorCode (rig.call (R"({"jsonrpc":"2.0","id":1,"method":"ping"}x)")) == -32700);
    CHECK (Rig::errorCode (rig.call (R"({"jsonrpc":"2.0","id":1,"method":"ping","params":{}}})")) == -32700);
    CHECK (Rig::errorCode (rig.call (R"({"jsonrpc":"1.0","id":1,"method":"ping"})")) == -32600);
    CHECK (rig.call (R"({"jsonrpc":"2.0","id":1,"method":"ping"} )")["result"]["pong"] == true);
    CHECK (rig.call (R"({"jsonrpc":"2.0","id":1234567890123456,"method":"ping"})")["id"] == 1234567890123456);
    CHECK (rig.dispatcher.handle (R"({"jsonrpc":"2.0","method":"ping"})", 1).empty()); // a notification
}

TEST_CASE ("Each scope frame is written out once, and a new frame gives a new answer", "[rpc]")
{
    Rig rig;
    const auto points = [&] (const Json& response)
    { return response["result"]["frame"]["points_l"]; };

    const auto first = rig.request ("getOscilloscopeFrame", nullptr, 1);
    const auto again = rig.request ("getOscilloscopeFrame", nullptr, "two");
    CHECK (points (first)[0] == 0.5);
    CHECK (again["id"] == "two"); // the shared text goes into each request's own envelope
    CHECK (again["result"] == first["result"]);

    // The next frame (cut later) is what the next answer shows.
    rig.backend.scopeLevel = 0.25f;
    rig.backend.scopeCutAtMicros = 2000;
    CHECK (points (rig.request ("getOscilloscopeFrame"))[0] == 0.25);

    // In a batch, and with no frame at all.
    const auto batch = rig.call (R"([{"jsonrpc":"2.0","id":7,"method":"getOscilloscopeFrame"},{"jsonrpc":"2.0","id":8,"method":"ping"}])");
    REQUIRE (batch.size() == 2);
    CHECK (batch[0]["id"] == 7);
    CHECK (points (batch[0])[1023] == 0.25);
    CHECK (batch[1]["result"]["pong"] == true);

    rig.backend.hasScope = false;
    CHECK (rig.request ("getOscilloscopeFrame")["result"] == Json::parse (R"({"frame":null})"));
    CHECK (rig.backend.scopeReads == 5);

    // A notification for it is carried out and not answered.
    CHECK (rig.dispatcher.handle (R"({"jsonrpc":"2.0","method":"getOscilloscopeFrame"})", 1).empty());
}

TEST_CASE ("getPluginReport gives the build and each violation: kind, call, what, count, times and its stack", "[rpc]")
{
    Rig rig;
    CHECK (rig.request ("getPluginReport")["result"] == Json::parse (R"({"report":{"build":0,"watched":false,"violations":[]}})"));

    RealtimeViolation violation;
    violation.rule = RealtimeRule::systemCall;
    violation.call = "process";
    violation.what = "write";
    violation.count = 94;
    violation.firstSeenNanos = getMonotonicNanos() - 2'000'000'000;
    violation.lastSeenNanos = getMonotonicNanos();
    violation.stack = { { "my_reverb::Reverb::process", "src/reverb.rs", 120, "libmy_reverb.so" },
                        { "wavecraft_process", "", 0, "libmy_reverb.so" } };
    rig.backend.report = { 3, true, { violation }, {} };

    const auto report = rig.call (R"({"jsonrpc":"2.0","id":7,"method":"getPluginReport"})", 12)["result"]["report"];
    CHECK (report["build"] == 3);
    CHECK (report["watched"] == true);
    REQUIRE (report["violations"].size() == 1);
    const auto& json = report["violations"][0];
    CHECK (json["kind"] == "systemCall");
    CHECK (json["call"] == "process");
    CHECK (json["what"] == "write");
    CHECK (json["count"] == 94);
    const auto nowMs = juce::Time::currentTimeMillis();
    CHECK (json["last_seen_ms"].get<juce::int64>() == Approx ((double) nowMs).margin (1000));
    CHECK (json["last_seen_ms"].get<juce::int64>() - json["first_seen_ms"].get<juce::int64>() == Approx (2000).margin (2));
    CHECK (json["stack"] == Json::parse (R"([{"function":"my_reverb::Reverb::process","file":"src/reverb.rs","line":120,"library":"libmy_reverb.so"},
                                             {"function":"wavecraft_process","library":"libmy_reverb.so"}])"));
    CHECK (rig.backend.reportClients.back() == 12); // told of changes from now on
}

TEST_CASE ("measureResponse is handed to the backend with its id and points, answered later, and its points checked", "[rpc]")
{
    Rig rig;
    CHECK (rig.dispatcher.handle (R"({"jsonrpc":"2.0","id":7,"method":"measureResponse"})", 3).empty());
    CHECK (rig.dispatcher.handle (R"({"jsonrpc":"2.0","id":"r","method":"measureResponse","params":{"points":64}})", 4).empty());
    CHECK (rig.dispatcher.handle (R"({"jsonrpc":"2.0","method":"measureResponse"})", 5).empty()); // a notification asks for nothing
    REQUIRE (rig.backend.responseRequests.size() == 2);
    CHECK (rig.backend.responseRequests[0].id == 7);
    CHECK (rig.backend.responseRequests[0].points == detail::JsonRpcDispatcher::defaultResponsePoints);
    CHECK (rig.backend.responseRequests[1].id == "r");
    CHECK (rig.backend.responseRequests[1].points == 64);

    for (const auto* bad : { R"({"points":1})", R"({"points":"many"})", R"({"points":2.5})", R"({"points":100000})" })
    {
        INFO (bad);
        const auto error = rig.request ("measureResponse", Json::parse (bad));
        CHECK (error["error"]["code"] == detail::JsonRpcDispatcher::invalidParams);
        CHECK (error["error"]["message"].get<std::string>().find ("'points'") != std::string::npos);
    }

    CHECK (rig.backend.responseRequests.size() == 2);

    ResponseCurve curve;
    curve.frequenciesHz = { 20.0, 20000.0 };
    curve.magnitudeDb = { -6.0, -6.0 };
    curve.phaseDeg = { 0.0, 0.0 };
    curve.latencySamples = 37;
    curve.build = 2;
    const auto answer = Json::parse (detail::JsonRpcDispatcher::answerMeasurement ("7", &curve, {}));
    CHECK (answer["id"] == 7);
    CHECK (answer["result"]["response"]["frequencies_hz"] == Json ({ 20.0, 20000.0 }));
    CHECK (answer["result"]["response"]["latency_samples"] == 37);
    CHECK (answer["result"]["response"]["build"] == 2);
    CHECK (answer["result"]["response"]["thd_percent"].is_null());

    const auto failed = Json::parse (detail::JsonRpcDispatcher::answerMeasurement ("\"r\"", nullptr, "no plugin is running"));
    CHECK (failed["id"] == "r");
    CHECK (failed["error"]["code"] == detail::JsonRpcDispatcher::measurementFailed);
    CHECK (failed["error"]["message"] == "no plugin is running");

    // Each answer goes to the client that asked, on its own.
    rig.backend.responseRequests[1].answer (failed.dump());
    rig.backend.responseRequests[0].answer (answer.dump());
    REQUIRE (rig.backend.sentLater.size() == 2);
    CHECK (rig.backend.sentLater[0] == std::pair<int, Json> { 4, failed });
    CHECK (rig.backend.sentLater[1] == std::pair<int, Json> { 3, answer });
}

TEST_CASE ("A batch with requests answered later is answered with one array, in the batch's order, once the last is in", "[rpc]")
{
    Rig rig;
    const auto batch = R"([{"jsonrpc":"2.0","id":1,"method":"measureResponse"},
                           {"jsonrpc":"2.0","id":2,"method":"ping"},
                           {"jsonrpc":"2.0","method":"ping"},
                           {"jsonrpc":"2.0","id":3,"method":"selectBuild","params":{"build":"previous"}},
                           {"jsonrpc":"2.0","id":4,"method":"selectBuild","params":{"build":"older"}}])";
    CHECK (rig.dispatcher.handle (batch, 6).empty()); // two are still to come
    REQUIRE (rig.backend.responseRequests.size() == 1);
    REQUIRE (rig.backend.selectionAnswers.size() == 1);

    rig.backend.selectionAnswers[0](detail::JsonRpcDispatcher::answerSelection ("3", "previous", {}));
    CHECK (rig.backend.sentLater.empty()); // the measurement is not in yet
    rig.backend.responseRequests[0].answer (detail::JsonRpcDispatcher::answerMeasurement ("1", nullptr, "no plugin is running"));

    REQUIRE (rig.backend.sentLater.size() == 1);
    CHECK (rig.backend.sentLater[0].first == 6);
    const auto& array = rig.backend.sentLater[0].second;
    REQUIRE (array.is_array());
    REQUIRE (array.size() == 4); // the notification has none
    CHECK (array[0]["id"] == 1);
    CHECK (array[0]["error"]["code"] == detail::JsonRpcDispatcher::measurementFailed);
    CHECK (array[1] == Json ({ { "jsonrpc", "2.0" }, { "id", 2 }, { "result", { { "pong", true } } } }));
    CHECK (array[2]["result"]["build"] == "previous");
    CHECK (array[3]["error"]["code"] == detail::JsonRpcDispatcher::invalidParams);

    // An answer given twice is taken once.
    rig.backend.selectionAnswers[0](detail::JsonRpcDispatcher::answerSelection ("3", "previous", {}));
    CHECK (rig.backend.sentLater.size() == 1);
}

TEST_CASE ("A batch whose late answer the backend lets go of unanswered still goes, that answer an error", "[rpc]")
{
    Rig rig;
    CHECK (rig.dispatcher.handle (R"([{"jsonrpc":"2.0","id":1,"method":"selectBuild","params":{"build":"previous"}},
                                      {"jsonrpc":"2.0","id":2,"method":"ping"}])",
                                  6)
               .empty());
    REQUIRE (rig.backend.selectionAnswers.size() == 1);
    rig.backend.selectionAnswers.clear(); // as a message dropped when the host stops

    REQUIRE (rig.backend.sentLater.size() == 1);
    const auto& array = rig.backend.sentLater[0].second;
    REQUIRE (array.size() == 2);
    CHECK (array[0]["id"] == 1);
    CHECK (array[0]["error"]["code"] == detail::JsonRpcDispatcher::internalError);
    CHECK (array[1]["result"]["pong"] == true);
}

TEST_CASE ("A batch whose late requests are answered while it is handled is answered at once", "[rpc]")
{
    Rig rig;
    rig.backend.answerSelectionsAtOnce = true;
    const auto response = rig.dispatcher.handle (R"([{"jsonrpc":"2.0","id":1,"method":"selectBuild","params":{"build":"current"}},
                                                     {"jsonrpc":"2.0","id":2,"method":"ping"}])",
                                                 6);
    REQUIRE_FALSE (response.empty());
    const auto array = Json::parse (response);
    REQUIRE (array.size() == 2);
    CHECK (array[0]["result"]["build"] == "current");
    CHECK (array[1]["id"] == 2);
    CHECK (rig.backend.sentLater.empty());
}

TEST_CASE ("getBuilds lists the builds loaded, and selectBuild is handed to the backend with a checked role", "[rpc]")
{
    Rig rig;
    rig.backend.builds = { { 3, "current", 1700000000000, false }, { 2, "previous", 1699999990000, true } };
    const auto builds = rig.request ("getBuilds")["result"]["builds"];
    REQUIRE (builds.size() == 2);
    CHECK (builds[0] == Json ({ { "id", 3 }, { "role", "current" }, { "loaded_at_ms", 1700000000000 }, { "heard", false } }));
    CHECK (builds[1]["role"] == "previous");
    CHECK (builds[1]["heard"] == true);

    CHECK (rig.dispatcher.handle (R"({"jsonrpc":"2.0","id":9,"method":"selectBuild","params":{"build":"previous"}})", 1).empty());
    REQUIRE (rig.backend.selections.size() == 1);
    CHECK (rig.backend.selections[0].first == 9);
    CHECK (rig.backend.selections[0].second == "previous");

    for (const auto* bad : { R"({"build":"older"})", R"({"build":1})", "{}" })
    {
        INFO (bad);
        CHECK (Rig::errorCode (rig.request ("selectBuild", Json::parse (bad))) == detail::JsonRpcDispatcher::invalidParams);
    }

    CHECK (rig.backend.selections.size() == 1);

    // A notification is carried out, never answered.
    CHECK (rig.dispatcher.handle (R"({"jsonrpc":"2.0","method":"selectBuild","params":{"build":"current"}})", 1).empty());
    REQUIRE (rig.backend.selections.size() == 2);
    CHECK (rig.backend.selections[1].second == "current");
    rig.backend.selectionAnswers[1]("ignored");
    CHECK (rig.backend.sentLater.empty());

    CHECK (Json::parse (detail::JsonRpcDispatcher::answerSelection ("9", "previous", {}))["result"] == Json ({ { "build", "previous" } }));
    const auto refused = Json::parse (detail::JsonRpcDispatcher::answerSelection ("9", {}, "no previous build"));
    CHECK (refused["error"]["code"] == detail::JsonRpcDispatcher::buildNotLoaded);
}
