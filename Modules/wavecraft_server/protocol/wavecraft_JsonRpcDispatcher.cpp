namespace wavecraft::detail
{

namespace
{
    using Json = nlohmann::json;

    /** Thrown inside the dispatcher only, to answer with an error. */
    struct RpcError
    {
        int code;
        std::string message;
    };

    Json errorResponse (const Json& id, int code, const std::string& message)
    {
        return { { "jsonrpc", "2.0" }, { "id", id }, { "error", { { "code", code }, { "message", message } } } };
    }

    const Json& requireParam (const Json& params, const char* name)
    {
        if (! params.is_object() || ! params.contains (name))
            throw RpcError { JsonRpcDispatcher::invalidParams, std::string ("missing parameter '") + name + "'" };

        return params[name];
    }

    std::string requireString (const Json& params, const char* name)
    {
        const auto& value = requireParam (params, name);

        if (! value.is_string())
            throw RpcError { JsonRpcDispatcher::invalidParams, std::string ("'") + name + "' must be a string" };

        return value.get<std::string>();
    }

    double requireNumber (const Json& params, const char* name)
    {
        const auto& value = requireParam (params, name);

        if (! value.is_number())
            throw RpcError { JsonRpcDispatcher::invalidParams, std::string ("'") + name + "' must be a number" };

        return value.get<double>();
    }

    std::shared_ptr<ParameterStore> requireStore (RpcBackend& backend)
    {
        if (auto store = backend.getParameterStore())
            return store;

        throw RpcError { JsonRpcDispatcher::parameterNotFound, "no plugin is running, so there are no parameters" };
    }

    int requireParameterIndex (const ParameterStore& store, const std::string& id)
    {
        const auto index = store.indexOf (juce::String::fromUTF8 (id.c_str()));

        if (index < 0)
            throw RpcError { JsonRpcDispatcher::parameterNotFound, "no parameter '" + id + "'" };

        return index;
    }

    std::string stringOf (const juce::String& text)
    {
        return text.toStdString();
    }

    /** Serialises without throwing: a client's invalid UTF-8 echoed in an
        error message (a method name, a parse error's "last read") is replaced,
        not allowed to abort the host.
    */
    std::string toText (const Json& json)
    {
        return json.dump (-1, ' ', false, Json::error_handler_t::replace);
    }

    /** Appends `json` as text; an integer (the usual request id) without a
        string of its own.
    */
    void appendText (std::string& out, const Json& json)
    {
        char digits[24];
        std::to_chars_result written {};

        if (json.is_number_unsigned())
            written = std::to_chars (digits, digits + sizeof (digits), json.get<std::uint64_t>());
        else if (json.is_number_integer())
            written = std::to_chars (digits, digits + sizeof (digits), json.get<std::int64_t>());

        if (written.ptr != nullptr)
            out.append (digits, written.ptr);
        else
            out += toText (json);
    }
} // namespace

JsonRpcDispatcher::JsonRpcDispatcher (RpcBackend& backendToUse)
    : backend (backendToUse)
{
}

WebSocketReply JsonRpcDispatcher::respond (std::string_view message, int clientId)
{
    if (auto answered = respondToPlainCall (message, clientId))
        return std::move (*answered);

    Json request;

    try
    {
        request = Json::parse (message.begin(), message.end());
    }
    catch (const Json::exception& e) // parse_error, and out_of_range for numbers like 1e999
    {
        return { toText (errorResponse (nullptr, parseError, std::string ("parse error: ") + e.what())), {}, {} };
    }

    if (request.is_array())
        return respondToBatch (request, clientId);

    WebSocketReply response;
    handleOne (request, clientId, response, true, answerLaterTo (clientId));
    return response;
}

struct JsonRpcDispatcher::LateBatch
{
    std::mutex lock;
    std::vector<std::optional<std::string>> answers; // in the batch's order; none for a notification, or until a late one comes
    int awaited = 1;                                 // late answers still to come, and one for the pass that answers the rest
    RpcBackend::LateAnswer send;

    /** One awaited answer is in, or the pass is over: the array once none is awaited, else "". */
    std::string arrived()
    {
        const std::lock_guard<std::mutex> guard (lock);

        if (--awaited > 0)
            return {};

        std::string array;

        for (const auto& answer : answers)
            if (answer.has_value())
                array.append (array.empty() ? "[" : ",").append (*answer);

        return array.empty() ? array : array + "]";
    }

    void fill (size_t slot, const std::string& answer)
    {
        {
            const std::lock_guard<std::mutex> guard (lock);
            answers[slot] = answer;
        }

        if (auto array = arrived(); ! array.empty())
            send (array);
    }
};

struct JsonRpcDispatcher::LateSlot
{
    LateSlot (std::shared_ptr<LateBatch> batchToFill, size_t slotToFill, std::string answerIfNone)
        : batch (std::move (batchToFill)),
          slot (slotToFill),
          unanswered (std::move (answerIfNone))
    {
    }

    ~LateSlot()
    {
        if (! answered.exchange (true))
            batch->fill (slot, unanswered);
    }

    void answer (const std::string& text)
    {
        if (! answered.exchange (true)) // once
            batch->fill (slot, text);
    }

    std::shared_ptr<LateBatch> batch;
    size_t slot;
    std::string unanswered;
    std::atomic<bool> answered { false };
};

WebSocketReply JsonRpcDispatcher::respondToBatch (const Json& request, int clientId)
{
    if (request.empty())
        return { toText (errorResponse (nullptr, invalidRequest, "empty batch")), {}, {} };

    // A batch is one array: every answer in it is written out whole, the
    // late ones' too, so the array waits for the last of them.
    auto batch = std::make_shared<LateBatch>();
    batch->answers.resize (request.size());

    for (size_t slot = 0; slot < request.size(); ++slot)
    {
        WebSocketReply one;
        const auto takeLateAnswer = [this, batch, slot, clientId] (const Json& id) -> RpcBackend::LateAnswer
        {
            {
                const std::lock_guard<std::mutex> guard (batch->lock);

                if (batch->send == nullptr)
                    batch->send = backend.lateAnswerTo (clientId);

                ++batch->awaited;
            }

            auto place = std::make_shared<LateSlot> (batch, slot, toText (errorResponse (id, internalError, "the host stopped before it answered")));
            return [place] (const std::string& answer)
            { place->answer (answer); };
        };

        if (handleOne (request[slot], clientId, one, false, takeLateAnswer))
        {
            const std::lock_guard<std::mutex> guard (batch->lock);
            batch->answers[slot] = std::move (one.text);
        }
    }

    return { batch->arrived(), {}, {} };
}

bool JsonRpcDispatcher::handleOne (const Json& request, int clientId, WebSocketReply& response, bool mayShare,
                                   const TakeLateAnswer& takeLateAnswer)
{
    const auto answerWithError = [&response] (const Json& id, int code, const std::string& message)
    {
        response.text += toText (errorResponse (id, code, message));
        return true;
    };

    if (! request.is_object())
        return answerWithError (nullptr, invalidRequest, "a request must be a JSON object");

    const auto given = request.find ("id");
    const auto hasId = given != request.end();
    static const Json noId = nullptr;
    const auto& id = hasId ? *given : noId;

    if (! (id.is_number() || id.is_string() || id.is_null()))
        return answerWithError (nullptr, invalidRequest, "'id' must be a number or a string");

    const auto jsonrpc = request.find ("jsonrpc");

    if (jsonrpc == request.end() || *jsonrpc != "2.0")
        return answerWithError (id, invalidRequest, "'jsonrpc' must be \"2.0\"");

    const auto method = request.find ("method");

    if (method == request.end() || ! method->is_string())
        return answerWithError (id, invalidRequest, "'method' must be a string");

    const auto givenParams = request.find ("params");
    static const Json noParams = Json::object();
    const auto& params = givenParams != request.end() ? *givenParams : noParams;

    if (! params.is_object() && ! params.is_array())
        return answerWithError (id, invalidRequest, "'params' must be an object or an array");

    return answerCall (hasId ? &id : nullptr, method->get_ref<const std::string&>(), params, clientId, response, mayShare, takeLateAnswer);
}

bool JsonRpcDispatcher::answerCall (const Json* id, const std::string& method, const Json& params, int clientId,
                                    WebSocketReply& response, bool mayShare, const TakeLateAnswer& takeLateAnswer)
{
    try
    {
        // These two are answered later, by the backend.
        if (method == "selectBuild")
        {
            selectBuild (id, params, takeLateAnswer);
            return false;
        }

        if (method == "measureResponse")
        {
            measureResponse (id, params, takeLateAnswer);
            return false;
        }

        const auto answer = call (method, params, clientId);

        if (id == nullptr)
            return false; // a notification is carried out, never answered

        appendResult (response, *id, answer, mayShare);
        return true;
    }
    catch (const RpcError& e)
    {
        if (id != nullptr)
            response.text += toText (errorResponse (*id, e.code, e.message));
    }
    catch (const std::exception& e)
    {
        if (id != nullptr)
            response.text += toText (errorResponse (*id, internalError, std::string ("internal error: ") + e.what()));
    }

    return id != nullptr;
}

std::optional<WebSocketReply> JsonRpcDispatcher::respondToPlainCall (std::string_view message, int clientId)
{
    // {"jsonrpc":"2.0","id":N,"method":"name"} with an optional "params":{}
    // at the end, as a page sends most calls: read by hand, without building
    // a json tree. Anything else, however slightly different, is parsed.
    constexpr std::string_view start = R"({"jsonrpc":"2.0","id":)", methodKey = R"(,"method":")";
    constexpr std::string_view endings[] = { R"("})", R"(","params":{}})" };

    if (message.substr (0, start.size()) != start)
        return std::nullopt;

    auto rest = message.substr (start.size());
    size_t digits = 0;

    while (digits < rest.size() && digits < 16 && rest[digits] >= '0' && rest[digits] <= '9')
        ++digits;

    if (digits == 0 || digits == 16 || (digits > 1 && rest[0] == '0') || rest.substr (digits, methodKey.size()) != methodKey)
        return std::nullopt;

    const auto id = Json (std::stoll (std::string (rest.substr (0, digits))));
    rest.remove_prefix (digits + methodKey.size());
    size_t nameLength = 0;

    while (nameLength < rest.size() && nameLength < 64 && std::isalpha ((unsigned char) rest[nameLength]))
        ++nameLength;

    const auto ending = rest.substr (nameLength);

    if (nameLength == 0 || (ending != endings[0] && ending != endings[1]))
        return std::nullopt;

    static const Json noParams = Json::object();
    WebSocketReply response;
    answerCall (&id, std::string (rest.substr (0, nameLength)), noParams, clientId, response, true, answerLaterTo (clientId));
    return response;
}

void JsonRpcDispatcher::appendResult (WebSocketReply& response, const Json& id, const Answer& answer, bool mayShare)
{
    // Written straight out, keys in the order a json object would print
    // them: every answer pays for this, so no envelope object is built.
    auto& text = response.text;
    text += "{\"id\":";
    appendText (text, id);
    text += ",\"jsonrpc\":\"2.0\",\"result\":";

    if (answer.text != nullptr && mayShare)
    {
        response.shared = answer.text;
        response.tail = "}";
        return;
    }

    if (answer.text != nullptr)
        text += *answer.text;
    else
        appendText (text, answer.json);

    text += '}';
}

JsonRpcDispatcher::Answer JsonRpcDispatcher::call (const std::string& method, const Json& params, int clientId)
{
    using Handler = Answer (JsonRpcDispatcher::*) (const Json&, int);
    static constexpr std::pair<std::string_view, Handler> methods[] = {
        { "ping", &JsonRpcDispatcher::ping },
        { "getParameter", &JsonRpcDispatcher::getParameter },
        { "setParameter", &JsonRpcDispatcher::setParameter },
        { "getAllParameters", &JsonRpcDispatcher::getAllParameters },
        { "getMeterFrame", &JsonRpcDispatcher::getMeterFrame },
        { "getOscilloscopeFrame", &JsonRpcDispatcher::getOscilloscopeFrame },
        { "getAudioStatus", &JsonRpcDispatcher::getAudioStatus },
        { "getPluginReport", &JsonRpcDispatcher::getPluginReport },
        { "getBuilds", &JsonRpcDispatcher::getBuilds },
        { "requestResize", &JsonRpcDispatcher::requestResize },
        { "registerAudio", &JsonRpcDispatcher::registerAudio },
    };

    for (const auto& [name, handler] : methods)
        if (name == method)
            return (this->*handler) (params, clientId);

    throw RpcError { methodNotFound, "no method '" + method + "'" };
}

JsonRpcDispatcher::Answer JsonRpcDispatcher::ping (const Json&, int)
{
    return { { { "pong", true } } };
}

JsonRpcDispatcher::Answer JsonRpcDispatcher::getParameter (const Json& params, int)
{
    const auto id = requireString (params, "id");
    const auto store = requireStore (backend);
    const auto index = requireParameterIndex (*store, id);
    return { { { "id", id }, { "value", store->getValue (index) } } };
}

JsonRpcDispatcher::Answer JsonRpcDispatcher::setParameter (const Json& params, int clientId)
{
    const auto id = requireString (params, "id");
    const auto& given = requireParam (params, "value");

    if (! given.is_number() && ! given.is_boolean())
        throw RpcError { invalidParams, "'value' must be a number" };

    const auto store = requireStore (backend);
    const auto index = requireParameterIndex (*store, id);
    const auto& spec = store->getSpecs()[(size_t) index];
    const auto value = given.is_boolean() ? (given.get<bool>() ? 1.0 : 0.0) : given.get<double>();

    if (given.is_boolean() && spec.type != ParameterType::boolType)
        throw RpcError { invalidParams, "'" + id + "' takes a number, not true/false" };

    if (const auto problem = spec.checkValue (value); problem.failed())
        throw RpcError { valueOutOfRange, stringOf (problem.getErrorMessage()) };

    if (! backend.setParameterFromClient (clientId, spec.id, (float) value))
        throw RpcError { parameterNotFound, "no parameter '" + id + "' any more: the plugin was reloaded without it" };

    return { Json::object() };
}

JsonRpcDispatcher::Answer JsonRpcDispatcher::getAllParameters (const Json&, int)
{
    auto list = Json::array();

    if (const auto store = backend.getParameterStore())
        for (int i = 0; i < store->size(); ++i)
            list.push_back (toJson (store->getSpecs()[(size_t) i], store->getValue (i)));

    return { { { "parameters", std::move (list) } } };
}

JsonRpcDispatcher::Answer JsonRpcDispatcher::getMeterFrame (const Json&, int)
{
    MeterFrame frame;
    juce::int64 timestamp = 0;

    if (! backend.getLatestMeterFrame (frame, timestamp))
        return { { { "frame", nullptr } } };

    return { { { "frame", { { "peak_l", frame.peakLeft }, { "peak_r", frame.peakRight }, { "rms_l", frame.rmsLeft }, { "rms_r", frame.rmsRight }, { "timestamp", timestamp } } } } };
}

JsonRpcDispatcher::Answer JsonRpcDispatcher::getAudioStatus (const Json&, int)
{
    const auto status = backend.getAudioStatus();
    return { { { "status", status.has_value() ? toJson (*status) : Json (nullptr) } } };
}

void JsonRpcDispatcher::measureResponse (const Json* id, const Json& params, const TakeLateAnswer& takeLateAnswer)
{
    auto points = defaultResponsePoints;

    if (params.is_object() && params.contains ("points"))
    {
        const auto& given = params["points"];

        if (! given.is_number_integer() || given.get<juce::int64>() < 2 || given.get<juce::int64>() > maxResponsePoints)
            throw RpcError { invalidParams, "'points' must be a whole number from 2 to " + std::to_string (maxResponsePoints) };

        points = given.get<int>();
    }

    if (id != nullptr) // a notification asks for nothing
        backend.measureResponse (toText (*id), points, takeLateAnswer (*id));
}

void JsonRpcDispatcher::selectBuild (const Json* id, const Json& params, const TakeLateAnswer& takeLateAnswer)
{
    const auto role = requireString (params, "build");

    if (role != "current" && role != "previous")
        throw RpcError { invalidParams, "'build' must be \"current\" or \"previous\"" };

    // A notification is carried out too, its answer dropped.
    backend.selectBuild (id != nullptr ? toText (*id) : "null", juce::String (role),
                         id != nullptr ? takeLateAnswer (*id) : RpcBackend::LateAnswer ([] (const std::string&) {}));
}

JsonRpcDispatcher::Answer JsonRpcDispatcher::getBuilds (const Json&, int)
{
    auto builds = Json::array();

    for (const auto& build : backend.getBuilds())
        builds.push_back ({ { "id", build.id }, { "role", build.role.toStdString() }, { "loaded_at_ms", build.loadedAtMs }, { "heard", build.heard } });

    return { { { "builds", std::move (builds) } } };
}

std::string JsonRpcDispatcher::answerSelection (const std::string& requestId, const juce::String& heardRole, const juce::String& error)
{
    const auto id = Json::parse (requestId, nullptr, false);

    if (heardRole.isEmpty())
        return toText (errorResponse (id, buildNotLoaded, error.toStdString()));

    return toText ({ { "jsonrpc", "2.0" }, { "id", id }, { "result", { { "build", heardRole.toStdString() } } } });
}

std::string JsonRpcDispatcher::answerMeasurement (const std::string& requestId, const ResponseCurve* curve, const juce::String& error)
{
    const auto id = Json::parse (requestId, nullptr, false);

    if (curve == nullptr)
        return toText (errorResponse (id, measurementFailed, error.toStdString()));

    return toText ({ { "jsonrpc", "2.0" }, { "id", id }, { "result", { { "response", toJson (*curve) } } } });
}

Json JsonRpcDispatcher::toJson (const ResponseCurve& curve)
{
    return { { "frequencies_hz", curve.frequenciesHz },
             { "magnitude_db", curve.magnitudeDb },
             { "phase_deg", curve.phaseDeg },
             { "latency_samples", curve.latencySamples },
             { "build", curve.build },
             { "thd_percent", curve.thdPercent.has_value() ? Json (*curve.thdPercent) : Json (nullptr) },
             { "impulse_response", curve.impulseResponse },
             { "impulse_start", curve.impulseStart },
             { "sample_rate", curve.sampleRate } };
}

JsonRpcDispatcher::Answer JsonRpcDispatcher::getPluginReport (const Json&, int clientId)
{
    return { { { "report", toJson (backend.getPluginReport (clientId)) } } };
}

namespace
{
    const char* nameRule (RealtimeRule rule)
    {
        switch (rule)
        {
            case RealtimeRule::allocation: return "allocation";
            case RealtimeRule::deallocation: return "deallocation";
            case RealtimeRule::lock: return "lock";
            case RealtimeRule::systemCall: return "systemCall";
            case RealtimeRule::bufferUnderrun: return "bufferUnderrun";
            case RealtimeRule::bufferOverrun: return "bufferOverrun";
        }

        return "unknown";
    }

    Json toJson (const StackFrame& frame)
    {
        Json json { { "function", frame.function.toStdString() }, { "library", frame.library.toStdString() } };

        if (frame.file.isNotEmpty())
        {
            json["file"] = frame.file.toStdString();
            json["line"] = frame.line;
        }

        return json;
    }

    juce::int64 toWallClockMillis (juce::int64 monotonicNanos)
    {
        return toWallClockMicros (monotonicNanos / 1000) / 1000;
    }
} // namespace

Json JsonRpcDispatcher::toJson (const PluginReport& report)
{
    auto violations = Json::array();

    for (const auto& violation : report.violations)
    {
        auto stack = Json::array();

        for (const auto& frame : violation.stack)
            stack.push_back (wavecraft::detail::toJson (frame));

        violations.push_back ({ { "kind", nameRule (violation.rule) },
                                { "call", violation.call.toStdString() },
                                { "what", violation.what.toStdString() },
                                { "count", violation.count },
                                { "first_seen_ms", toWallClockMillis (violation.firstSeenNanos) },
                                { "last_seen_ms", toWallClockMillis (violation.lastSeenNanos) },
                                { "stack", std::move (stack) } });
    }

    return { { "build", report.build }, { "watched", report.watched }, { "violations", std::move (violations) } };
}

JsonRpcDispatcher::Answer JsonRpcDispatcher::requestResize (const Json& params, int)
{
    const auto width = requireNumber (params, "width");
    const auto height = requireNumber (params, "height");

    if (width < 1 || height < 1 || width > 16384 || height > 16384)
        throw RpcError { invalidParams, "'width' and 'height' must be between 1 and 16384" };

    return { { { "accepted", backend.requestResize ((int) width, (int) height) } } };
}

JsonRpcDispatcher::Answer JsonRpcDispatcher::registerAudio (const Json& params, int)
{
    const auto client = requireString (params, "client_id");
    const auto sampleRate = requireNumber (params, "sample_rate");
    const auto bufferSize = requireNumber (params, "buffer_size");

    // Checked before the cast: a double beyond int's range is undefined behaviour (the fuzzer found it).
    if (! (sampleRate > 0.0 && sampleRate <= 1.0e7) || ! (bufferSize >= 1.0 && bufferSize <= 1048576.0))
        throw RpcError { invalidParams, "'sample_rate' must be above 0 Hz (at most 10 MHz) and 'buffer_size' from 1 to 1048576 frames" };

    backend.registerAudioClient (juce::String::fromUTF8 (client.c_str()), sampleRate, (int) bufferSize);
    return { { { "status", "registered" } } };
}

std::string JsonRpcDispatcher::scopeFrameText (const ScopeFrame& frame, juce::int64 timestamp)
{
    // Keys in the order a json object prints them. The points are floats,
    // written as the shortest text that reads back as the same float: half
    // the bytes, and a fifth of the time, of nlohmann's 17-digit doubles.
    std::string text = R"({"frame":{"no_signal":)";
    text += frame.noSignal ? "true" : "false";
    text.reserve (ScopeFrame::numPoints * 2 * 12 + 200);

    for (const auto& [key, points] : { std::pair { R"(,"points_l":[)", &frame.left }, std::pair { R"(],"points_r":[)", &frame.right } })
    {
        text += key;

        for (size_t i = 0; i < points->size(); ++i)
        {
            if (i > 0)
                text += ',';

            appendFloat (text, (*points)[i]);
        }
    }

    text += R"(],"sample_rate":)";
    appendText (text, Json (frame.sampleRate));
    text += R"(,"timestamp":)";
    text += std::to_string (timestamp);
    text += R"(,"trigger_mode":"risingZeroCrossing"}})";
    return text;
}

void JsonRpcDispatcher::appendFloat (std::string& text, float value)
{
    if (! std::isfinite (value))
    {
        text += "null"; // as nlohmann writes NaN and infinity
        return;
    }

    char buffer[32];
    const auto written = std::to_chars (buffer, buffer + sizeof (buffer), value);
    text.append (buffer, written.ptr);
}

JsonRpcDispatcher::Answer JsonRpcDispatcher::getOscilloscopeFrame (const Json&, int)
{
    auto frame = std::make_unique<ScopeFrame>();
    juce::int64 timestamp = 0;

    if (! backend.getLatestScopeFrame (*frame, timestamp))
        return { { { "frame", nullptr } } };

    const std::lock_guard<std::mutex> lock (scopeTextLock);

    if (scopeText == nullptr || scopeTextFrameMicros != frame->timestampMicros)
    {
        scopeText = std::make_shared<const std::string> (scopeFrameText (*frame, timestamp));
        scopeTextFrameMicros = frame->timestampMicros;
    }

    return { {}, scopeText };
}

std::string JsonRpcDispatcher::makeNotification (const char* method, const Json& params)
{
    return toText (Json { { "jsonrpc", "2.0" }, { "method", method }, { "params", params } });
}

void JsonRpcDispatcher::addSubjectAndFields (const Diagnostic& diagnostic, Json& json)
{
    // What a program acts on without reading the message: the subject and
    // its fields ("fault": "crash", "signal": "SIGSEGV", ...), in the
    // protocol's snake_case. @wavecraft/core ignores keys it doesn't know.
    if (diagnostic.subject != Diagnostic::Subject::none)
        json["subject"] = stringOf (Diagnostic::toString (diagnostic.subject));

    for (const auto& field : diagnostic.fields)
    {
        std::string key;

        for (const auto character : field.name.toString().toStdString())
            key += std::isupper ((unsigned char) character) != 0 ? std::string ("_") + (char) std::tolower ((unsigned char) character)
                                                                 : std::string (1, character);

        if (field.value.isBool())
            json[key] = (bool) field.value;
        else if (field.value.isInt() || field.value.isInt64())
            json[key] = (juce::int64) field.value;
        else if (field.value.isDouble())
            json[key] = (double) field.value;
        else if (! field.value.isVoid() && ! field.value.isUndefined())
            json[key] = stringOf (field.value.toString());
    }
}

Json JsonRpcDispatcher::toJson (const AudioStatus& status)
{
    Json json { { "phase", stringOf (toString (status.phase)) }, { "updated_at_ms", status.updatedAtMs } };

    if (status.diagnostic.has_value())
    {
        Json diagnostic { { "code", stringOf (toString (status.diagnostic->code)) },
                          { "message", stringOf (status.diagnostic->message) } };

        if (status.diagnostic->hint.isNotEmpty())
            diagnostic["hint"] = stringOf (status.diagnostic->hint);

        addSubjectAndFields (*status.diagnostic, diagnostic);

        json["diagnostic"] = diagnostic;
    }

    if (status.sampleRate > 0.0)
        json["sample_rate"] = status.sampleRate;

    if (status.bufferSize > 0)
        json["buffer_size"] = status.bufferSize;

    json["late_blocks"] = status.lateBlocks;
    return json;
}

Json JsonRpcDispatcher::toJson (const ParameterSpec& spec, float value)
{
    Json json { { "id", stringOf (spec.id) }, { "name", stringOf (spec.name) }, { "type", stringOf (toString (spec.type)) }, { "value", value }, { "default", spec.defaultValue }, { "min", spec.minValue }, { "max", spec.maxValue } };

    if (spec.unit.isNotEmpty())
        json["unit"] = stringOf (spec.unit);

    if (spec.group.isNotEmpty())
        json["group"] = stringOf (spec.group);

    if (! spec.variants.isEmpty())
    {
        auto variants = Json::array();

        for (const auto& variant : spec.variants)
            variants.push_back (stringOf (variant));

        json["variants"] = variants;
    }

    return json;
}

Json JsonRpcDispatcher::meterUpdateParams (const MeterFrame& frame, juce::int64 timestampMicros)
{
    return { { "timestamp_us", timestampMicros }, { "left_peak", frame.peakLeft }, { "left_rms", frame.rmsLeft }, { "right_peak", frame.peakRight }, { "right_rms", frame.rmsRight } };
}

} // namespace wavecraft::detail
