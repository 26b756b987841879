namespace wavecraft
{

SessionServer::SessionServer (HostSession& s)
    : session (s)
{
    session.getEngine().addListener (this);
    session.addListener (this);
    status = session.getEngine().getStatus();
    parameters = session.getParameters();
    pluginLoadedOnce = parameters != nullptr;
}

SessionServer::~SessionServer()
{
    stop();
    session.removeListener (this);
    session.getEngine().removeListener (this);
}

juce::String SessionServer::start (const WebSocketServer::Options& options)
{
    JUCE_ASSERT_MESSAGE_THREAD

    if (auto error = server.start (options); error.isNotEmpty())
        return error;

    startTimerHz (meterRateHz);
    return {};
}

void SessionServer::stop()
{
    stopTimer();
    server.stop();
}

//==============================================================================
void SessionServer::timerCallback()
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

    server.broadcast (JsonRpcDispatcher::makeNotification ("meterUpdate", JsonRpcDispatcher::meterUpdateParams (held, wallMicros)),
                      true);
}

juce::int64 SessionServer::toWallClockMicros (juce::int64 monotonicMicros)
{
    const auto age = getMonotonicMicros() - monotonicMicros;
    return juce::Time::currentTimeMillis() * 1000 - juce::jmax<juce::int64> (0, age);
}

void SessionServer::audioStatusChanged (const AudioStatus& newStatus)
{
    {
        const std::lock_guard<std::mutex> lock (stateLock);
        status = newStatus;
    }

    server.broadcast (JsonRpcDispatcher::makeNotification ("audioStatusChanged", JsonRpcDispatcher::toJson (newStatus)), false);
}

void SessionServer::pluginChanged()
{
    {
        const std::lock_guard<std::mutex> lock (stateLock);
        parameters = session.getParameters();
    }

    // The first load is what the page finds on connecting; later ones are reloads.
    if (std::exchange (pluginLoadedOnce, true))
        server.broadcast (JsonRpcDispatcher::makeNotification ("parametersChanged", nlohmann::json::object()), false);
}

//==============================================================================
std::string SessionServer::handleMessage (int clientId, std::string_view message)
{
    return dispatcher.handle (message, clientId);
}

std::shared_ptr<ParameterStore> SessionServer::getParameterStore()
{
    const std::lock_guard<std::mutex> lock (stateLock);
    return parameters;
}

void SessionServer::parameterSetByClient (int clientId, const juce::String& parameterId, float value)
{
    server.broadcast (JsonRpcDispatcher::makeNotification ("parameterChanged", { { "id", parameterId.toStdString() }, { "value", value } }),
                      false, clientId);
}

bool SessionServer::getLatestMeterFrame (MeterFrame& frame, juce::int64& timestampMs)
{
    const std::lock_guard<std::mutex> lock (stateLock);
    frame = latestMeter;
    timestampMs = latestMeterMs;
    return hasMeter;
}

bool SessionServer::getLatestScopeFrame (ScopeFrame& frame, juce::int64& timestampMs)
{
    if (! session.getAnalyser().getLatestScopeFrame (frame))
        return false;

    timestampMs = toWallClockMicros (frame.timestampMicros) / 1000;
    return true;
}

std::optional<AudioStatus> SessionServer::getAudioStatus()
{
    const std::lock_guard<std::mutex> lock (stateLock);
    return status;
}

bool SessionServer::requestResize (int, int)
{
    return false; // headless: there is no window to size
}

void SessionServer::registerAudioClient (const juce::String& clientId, double sampleRate, int bufferSize)
{
    juce::Logger::writeToLog ("wavecraft-host: audio client '" + clientId + "' registered (" + juce::String (sampleRate)
                              + " Hz, " + juce::String (bufferSize) + " frames)");
}

} // namespace wavecraft
