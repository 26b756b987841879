namespace wavecraft::detail
{

/** Answers the JSON-RPC 2.0 requests of the Wavecraft protocol (what @wavecraft/core sends) for one server.

    A bad message is answered with the right error and never changes state;
    a notification (no "id") is carried out and answered with nothing; a batch
    array is answered with an array (once its last answer is in, when some
    come later: measureResponse, selectBuild). Stateless apart from the backend, so any
    number of socket threads may call it at once.
*/
class JsonRpcDispatcher
{
public:
    enum ErrorCode
    {
        parseError = -32700,
        invalidRequest = -32600,
        methodNotFound = -32601,
        invalidParams = -32602,
        internalError = -32603,
        parameterNotFound = -32000,
        valueOutOfRange = -32001,
        measurementFailed = -32002, /**< measureResponse: no plugin, or it crashed, hung or gave a NaN while measured */
        buildNotLoaded = -32003     /**< selectBuild: no such build is loaded (a previous one is kept after a rebuild) */
    };

    explicit JsonRpcDispatcher (RpcBackend& backend);

    /** Handles one text message from `clientId`; returns the response, or
        an empty one when there is nothing to send. A shared answer (a scope
        frame) comes back in pieces, its text not copied. [any thread]
    */
    WebSocketReply respond (std::string_view message, int clientId);

    /** respond(), as one string. [any thread] */
    std::string handle (std::string_view message, int clientId) { return respond (message, clientId).join(); }

    /** A notification: {"jsonrpc":"2.0","method":...,"params":...}, no id. */
    static std::string makeNotification (const char* method, const nlohmann::json& params);

    /** measureResponse's points when a page names none, and the most it may. */
    static constexpr int defaultResponsePoints = 256, maxResponsePoints = 8192;

    /** The answer to measureResponse request `requestId` (its id's JSON
        text): {"response": curve}, or without a curve the error
        measurementFailed with `error`.
    */
    static std::string answerMeasurement (const std::string& requestId, const ResponseCurve* curve, const juce::String& error);

    /** The answer to selectBuild request `requestId`: {"build": heardRole},
        or without one the error buildNotLoaded with `error`.
    */
    static std::string answerSelection (const std::string& requestId, const juce::String& heardRole, const juce::String& error);

    /** The JSON forms the Wavecraft protocol gives these objects. */
    static nlohmann::json toJson (const ResponseCurve& curve);
    static nlohmann::json toJson (const AudioStatus& status);
    static nlohmann::json toJson (const PluginReport& report);
    static nlohmann::json toJson (const ParameterSpec& spec, float value);
    static nlohmann::json meterUpdateParams (const MeterFrame& frame, juce::int64 timestampMicros);

private:
    /** The diagnostic's subject and fields, for a program to act on. */
    static void addSubjectAndFields (const Diagnostic& diagnostic, nlohmann::json& json);

    /** A method's result: a json value, or text written once and shared. */
    struct Answer
    {
        nlohmann::json json;
        std::shared_ptr<const std::string> text {};
    };

    /** Where the answer to the request with this id, answered later, goes:
        made when the request is handed to the backend.
    */
    using TakeLateAnswer = std::function<RpcBackend::LateAnswer (const nlohmann::json& id)>;

    /** For a request on its own: its late answer goes to the client as it comes. */
    TakeLateAnswer answerLaterTo (int clientId)
    {
        return [this, clientId] (const nlohmann::json&)
        { return backend.lateAnswerTo (clientId); };
    }

    /** A batch's answers in order, sent as one array once the last is in;
        and one late answer's place in it, which says an error if the
        backend lets go of it unanswered (so the rest still goes).
    */
    struct LateBatch;
    struct LateSlot;

    WebSocketReply respondToBatch (const nlohmann::json& batch, int clientId);

    /** Appends the answer to one request to `response` (its shared text
        as the reply's shared part when `mayShare`); false when there is none
        (a notification, or one answered later, through `takeLateAnswer`).
    */
    bool handleOne (const nlohmann::json& request, int clientId, WebSocketReply& response, bool mayShare,
                    const TakeLateAnswer& takeLateAnswer);
    static void appendResult (WebSocketReply& response, const nlohmann::json& id, const Answer& answer, bool mayShare);

    /** Calls the method and appends its answer or its error, unless `id` is
        null (a notification); false when there is nothing to send.
    */
    bool answerCall (const nlohmann::json* id, const std::string& method, const nlohmann::json& params, int clientId,
                     WebSocketReply& response, bool mayShare, const TakeLateAnswer& takeLateAnswer);

    /** The common call with no params, answered without parsing a json tree;
        nullopt for any other message.
    */
    std::optional<WebSocketReply> respondToPlainCall (std::string_view message, int clientId);
    Answer call (const std::string& method, const nlohmann::json& params, int clientId);

    /** measureResponse: handed to the backend, which answers once it has
        measured (RpcBackend::measureResponse), not on this thread.
    */
    void measureResponse (const nlohmann::json* id, const nlohmann::json& params, const TakeLateAnswer& takeLateAnswer);

    /** selectBuild: handed to the backend, which answers once the build plays. */
    void selectBuild (const nlohmann::json* id, const nlohmann::json& params, const TakeLateAnswer& takeLateAnswer);
    Answer getBuilds (const nlohmann::json& params, int clientId);

    // The methods of the Wavecraft protocol, one each.
    Answer ping (const nlohmann::json& params, int clientId);
    Answer getParameter (const nlohmann::json& params, int clientId);
    Answer setParameter (const nlohmann::json& params, int clientId);
    Answer getAllParameters (const nlohmann::json& params, int clientId);
    Answer getMeterFrame (const nlohmann::json& params, int clientId);
    Answer getAudioStatus (const nlohmann::json& params, int clientId);
    Answer getPluginReport (const nlohmann::json& params, int clientId);
    Answer requestResize (const nlohmann::json& params, int clientId);
    Answer registerAudio (const nlohmann::json& params, int clientId);

    /** A scope frame is 2048 numbers and every open page asks for it on
        every animation frame, so each new frame is written out once and its
        text shared by every answer until the next one.
    */
    Answer getOscilloscopeFrame (const nlohmann::json& params, int clientId);
    static std::string scopeFrameText (const ScopeFrame& frame, juce::int64 timestamp);
    static void appendFloat (std::string& text, float value);

    RpcBackend& backend;

    std::mutex scopeTextLock; // socket threads; held while a new frame is written out, once per frame
    std::shared_ptr<const std::string> scopeText;
    juce::int64 scopeTextFrameMicros = -1; // the frame scopeText was written from
};

} // namespace wavecraft::detail
