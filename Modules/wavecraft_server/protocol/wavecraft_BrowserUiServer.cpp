namespace wavecraft
{

BrowserUiServer::BrowserUiServer (BrowserUiBackend& b)
    : backend (b),
      dispatcher (std::make_unique<detail::JsonRpcDispatcher> (static_cast<detail::RpcBackend&> (*this)))
{
    WAVECRAFT_ASSERT_MESSAGE_THREAD;
    status = backend.getAudioStatus();
    parameters = backend.getParameters();
    servedParametersOnce = parameters != nullptr;
    backend.addListener (this);
}

BrowserUiServer::~BrowserUiServer()
{
    stop();
    backend.removeListener (this);
}

juce::Result BrowserUiServer::start (const WebSocketServer::Options& options)
{
    WAVECRAFT_ASSERT_MESSAGE_THREAD;

    auto withPage = options;

    if (withPage.page.empty())
        withPage.page = ControlPage::html();

    if (auto result = server.start (withPage); result.failed())
        return result;

    {
        const std::lock_guard<std::mutex> lock (lateAnswers->lock);
        lateAnswers->server = &server;
    }

    startTimerHz (meterRateHz);
    return juce::Result::ok();
}

void BrowserUiServer::stop()
{
    WAVECRAFT_ASSERT_MESSAGE_THREAD;
    stopTimer();

    {
        const std::lock_guard<std::mutex> lock (lateAnswers->lock);
        lateAnswers->server = nullptr;
    }

    server.stop();
}

void BrowserUiServer::LateAnswers::send (int clientId, const std::string& text)
{
    const std::lock_guard<std::mutex> guard (lock);

    if (server != nullptr)
        server->sendTo ({ clientId }, text);
}

detail::RpcBackend::LateAnswer BrowserUiServer::lateAnswerTo (int clientId)
{
    return [answers = lateAnswers, clientId] (const std::string& text)
    { answers->send (clientId, text); };
}

void BrowserUiServer::measureResponse (const std::string& requestId, int points, LateAnswer answer)
{
    backend.measureResponse (points, [answer = std::move (answer), requestId] (const ResponseCurve* curve, const juce::String& error)
                             { answer (detail::JsonRpcDispatcher::answerMeasurement (requestId, curve, error)); });
}

std::vector<LoadedBuild> BrowserUiServer::getBuilds()
{
    return backend.getBuilds();
}

void BrowserUiServer::selectBuild (const std::string& requestId, const juce::String& role, LateAnswer answer)
{
    backend.selectBuild (role, [answer = std::move (answer), requestId] (const juce::String& heardRole, const juce::String& error)
                         { answer (detail::JsonRpcDispatcher::answerSelection (requestId, heardRole, error)); });
}

//==============================================================================
void BrowserUiServer::timerCallback()
{
    MeterFrame held;
    int drained = 0;

    meterReader.readNew ([&] (const MeterFrame& frame)
                         {
        if (drained++ == 0)
            held = frame;
        else
            held.holdMaximum (frame); });

    if (drained == 0)
        return; // no audio ran since the last tick: nothing to say

    const auto wallMicros = toWallClockMicros (held.timestampNanos / 1000);
    {
        const std::lock_guard<std::mutex> lock (stateLock);
        latestMeter = held;
        latestMeterMs = wallMicros / 1000;
        hasMeter = true;
    }

    if (server.getNumClients() == 0)
        return; // nobody to tell: don't wake the I/O thread 60 times a second for nothing

    server.broadcast (detail::JsonRpcDispatcher::makeNotification ("meterUpdate", detail::JsonRpcDispatcher::meterUpdateParams (held, wallMicros)),
                      true);
}

void BrowserUiServer::parameterChanged (const juce::String& id, float value, const void* origin)
{
    if (origin == this)
        return; // a page's change: setParameterFromClient already told the others

    server.broadcast (detail::JsonRpcDispatcher::makeNotification ("parameterChanged", { { "id", id.toStdString() }, { "value", value } }),
                      false);
}

void BrowserUiServer::parametersReplaced()
{
    {
        const std::lock_guard<std::mutex> lock (stateLock);
        parameters = backend.getParameters();
    }

    if (std::exchange (servedParametersOnce, true))
        server.broadcast (detail::JsonRpcDispatcher::makeNotification ("parametersChanged", nlohmann::json::object()), false);
}

void BrowserUiServer::audioStatusChanged (const AudioStatus& newStatus)
{
    {
        const std::lock_guard<std::mutex> lock (stateLock);
        status = newStatus;
    }

    server.broadcast (detail::JsonRpcDispatcher::makeNotification ("audioStatusChanged", detail::JsonRpcDispatcher::toJson (newStatus)),
                      false);
}

//==============================================================================
WebSocketServer::Reply BrowserUiServer::handleMessage (int clientId, std::string_view message)
{
    return dispatcher->respond (message, clientId);
}

std::shared_ptr<ParameterStore> BrowserUiServer::getParameterStore()
{
    const std::lock_guard<std::mutex> lock (stateLock);
    return parameters;
}

bool BrowserUiServer::setParameterFromClient (int clientId, const juce::String& parameterId, float value)
{
    if (! backend.setParameter (parameterId, value, this))
        return false;

    server.broadcast (detail::JsonRpcDispatcher::makeNotification ("parameterChanged", { { "id", parameterId.toStdString() }, { "value", value } }),
                      false, clientId);
    return true;
}

bool BrowserUiServer::getLatestMeterFrame (MeterFrame& frame, juce::int64& timestampMs)
{
    const std::lock_guard<std::mutex> lock (stateLock);
    frame = latestMeter;
    timestampMs = latestMeterMs;
    return hasMeter;
}

bool BrowserUiServer::getLatestScopeFrame (ScopeFrame& frame, juce::int64& timestampMs)
{
    if (! backend.getLatestScopeFrame (frame))
        return false;

    timestampMs = toWallClockMicros (frame.timestampMicros) / 1000;
    return true;
}

PluginReport BrowserUiServer::getPluginReport (int clientId)
{
    {
        const std::lock_guard<std::mutex> lock (stateLock);

        if (std::find (reportClients.begin(), reportClients.end(), clientId) == reportClients.end())
            reportClients.push_back (clientId);
    }

    return backend.getPluginReport();
}

void BrowserUiServer::pluginReportChanged()
{
    std::vector<int> clients;
    {
        const std::lock_guard<std::mutex> lock (stateLock);
        clients = reportClients;
    }

    // Only to the pages that asked for the report: the real client never does.
    server.sendTo (std::move (clients), detail::JsonRpcDispatcher::makeNotification ("pluginReportChanged", nlohmann::json::object()));
}

std::optional<AudioStatus> BrowserUiServer::getAudioStatus()
{
    auto now = [this]
    {
        const std::lock_guard<std::mutex> lock (stateLock);
        return status;
    }();

    now.lateBlocks = backend.getLateBlocks(); // a count that moves without a status change
    return now;
}

bool BrowserUiServer::requestResize (int width, int height)
{
    return backend.requestResize (width, height);
}

void BrowserUiServer::registerAudioClient (const juce::String& clientId, double sampleRate, int bufferSize)
{
    backend.audioClientRegistered (clientId, sampleRate, bufferSize);
}

} // namespace wavecraft
