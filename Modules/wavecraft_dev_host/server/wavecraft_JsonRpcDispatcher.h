namespace wavecraft
{

/** Answers JSON-RPC 2.0 requests (CONTRACT.md, section 2) for one host.

    A bad message is answered with the right error and never changes state;
    a notification (no "id") is carried out and answered with nothing; a batch
    array is answered with an array. Stateless apart from the backend, so any
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
        valueOutOfRange = -32001
    };

    explicit JsonRpcDispatcher (RpcBackend& backend);

    /** Handles one text message from `clientId`; returns the response text,
        or an empty string when there is nothing to send. [any thread]
    */
    std::string handle (std::string_view message, int clientId);

    /** A notification: {"jsonrpc":"2.0","method":...,"params":...}, no id. */
    static std::string makeNotification (const char* method, const nlohmann::json& params);

    /** The JSON forms the contract gives these objects. */
    static nlohmann::json toJson (const AudioStatus& status);
    static nlohmann::json toJson (const ParameterSpec& spec, float value);
    static nlohmann::json meterUpdateParams (const MeterFrame& frame, juce::int64 timestampMicros);

private:
    /** Appends the answer to one request to `response`; false when there is
        none (a notification).
    */
    bool handleOne (const nlohmann::json& request, int clientId, std::string& response);
    nlohmann::json call (const std::string& method, const nlohmann::json& params, int clientId);

    /** The result of getOscilloscopeFrame as text. A scope frame is 2048
        numbers and every open page asks for it on every animation frame, so
        each new frame is written out once and its text shared by every answer
        until the next one.
    */
    std::shared_ptr<const std::string> scopeResultText();

    RpcBackend& backend;

    std::mutex scopeTextLock; // socket threads
    std::shared_ptr<const std::string> scopeText;
    juce::int64 scopeTextFrameMicros = -1; // the frame scopeText was written from
};

} // namespace wavecraft
