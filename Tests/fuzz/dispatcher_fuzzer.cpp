// Arbitrary text as a JSON-RPC message. Beyond "no crash": the answer is
// valid JSON-RPC 2.0 (or nothing, for notifications), and no input ever puts a
// parameter outside its declared values.
#include "FuzzSupport.h"

namespace
{
/** Each answer in `text` (one, or a batch's array) is valid JSON-RPC 2.0. */
void checkAnswers (const std::string& text)
{
    const auto json = nlohmann::json::parse (text, nullptr, false);

    if (json.is_discarded())
        __builtin_trap();

    for (const auto& item : json.is_array() ? json : nlohmann::json::array ({ json }))
        if (! item.is_object() || item.value ("jsonrpc", "") != "2.0" || ! item.contains ("id")
            || (item.contains ("result") == item.contains ("error")))
            __builtin_trap();
}

struct Backend : public wavecraft::detail::RpcBackend
{
    Backend()
    {
        auto parsed = wavecraft::ParameterSpecParser::parseParameters (R"([
            {"id":"gain","name":"Gain","type":"float","value":1,"default":1,"min":0,"max":2},
            {"id":"mute","name":"Mute","type":"bool","value":0,"default":0,"min":0,"max":1},
            {"id":"shape","name":"Shape","type":"enum","value":0,"default":1,"min":0,"max":2,"variants":["A","B","C"]}])");
        store = std::make_shared<wavecraft::ParameterStore> (parsed.parameters);
    }

    std::shared_ptr<wavecraft::ParameterStore> getParameterStore() override { return store; }
    bool setParameterFromClient (int, const juce::String& id, float value) override
    {
        const auto index = store->indexOf (id);

        if (index >= 0)
            store->setValue (index, value);

        return index >= 0;
    }
    bool getLatestMeterFrame (wavecraft::MeterFrame&, juce::int64&) override { return false; }
    bool getLatestScopeFrame (wavecraft::ScopeFrame&, juce::int64&) override { return false; }
    std::optional<wavecraft::AudioStatus> getAudioStatus() override { return std::nullopt; }
    bool requestResize (int, int) override { return false; }
    void registerAudioClient (const juce::String&, double, int) override {}

    std::vector<wavecraft::LoadedBuild> getBuilds() override { return { { 2, "current", 1000, true }, { 1, "previous", 500, false } }; }

    // What a host sends later (a late answer, or a batch's array with it) is valid JSON-RPC too.
    LateAnswer lateAnswerTo (int) override { return checkAnswers; }

    void selectBuild (const std::string& requestId, const juce::String& role, LateAnswer reply) override
    {
        if (role != "current" && role != "previous")
            abort();

        const auto answer = nlohmann::json::parse (wavecraft::detail::JsonRpcDispatcher::answerSelection (requestId, role, {}), nullptr, false);

        if (answer.is_discarded() || answer["result"]["build"] != role.toStdString() || answer["id"] != nlohmann::json::parse (requestId))
            abort();

        send (answer.dump(), std::move (reply));
    }

    void measureResponse (const std::string& requestId, int points, LateAnswer reply) override
    {
        using Dispatcher = wavecraft::detail::JsonRpcDispatcher;

        if (points < 2 || points > Dispatcher::maxResponsePoints)
            abort();

        // What a host sends later is valid JSON-RPC too, with the request's id.
        const auto answer = nlohmann::json::parse (Dispatcher::answerMeasurement (requestId, nullptr, "fuzz"), nullptr, false);

        if (answer.is_discarded() || ! answer.contains ("error") || answer["id"] != nlohmann::json::parse (requestId))
            abort();

        send (answer.dump(), std::move (reply));
    }

    /** Now, or kept for the next input (as a host answers later, after other messages). */
    void send (const std::string& answer, LateAnswer reply)
    {
        if (std::exchange (answerNow, ! answerNow))
            reply (answer);
        else
            std::exchange (waiting, std::move (reply)) (answer); // the one kept before goes now
    }

    bool answerNow = true;
    LateAnswer waiting = [] (const std::string&) {};

    std::shared_ptr<wavecraft::ParameterStore> store;
};
} // namespace

extern "C" int LLVMFuzzerTestOneInput (const uint8_t* data, size_t size)
{
    static Backend backend;
    static wavecraft::detail::JsonRpcDispatcher dispatcher (backend);

    const auto response = dispatcher.handle (std::string_view (reinterpret_cast<const char*> (data), size), 1);

    if (! response.empty())
        checkAnswers (response);

    for (int i = 0; i < backend.store->size(); ++i)
        if (backend.store->getSpecs()[(size_t) i].checkValue (backend.store->getValue (i)).failed())
            __builtin_trap();

    return 0;
}
