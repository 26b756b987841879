namespace wavecraft
{

RealtimeReportThread::RealtimeReportThread (const RealtimeFindings& findingsToRead, ViolationCallback callback)
    : juce::Thread ("wavecraft real-time report"),
      findings (findingsToRead),
      onViolation (std::move (callback))
{
    if (onViolation == nullptr)
        onViolation = [] (const RealtimeReport::Violation& violation)
        { juce::Logger::writeToLog (RealtimeReport::describe (violation)); };

    readNewPlaces(); // what the monitor watches is known from the load on
    startThread();
}

RealtimeReportThread::~RealtimeReportThread()
{
    stopThread (2000);
    readNewPlaces();
}

void RealtimeReportThread::run()
{
    while (! threadShouldExit())
    {
        readNewPlaces();
        wait (pollIntervalMs);
    }
}

void RealtimeReportThread::readNow()
{
    readNewPlaces();
}

void RealtimeReportThread::readNewPlaces()
{
    const std::lock_guard<std::mutex> lock (readLock);

    for (const auto& violation : report.update (findings))
        onViolation (violation);

    if (! toldOfOverflow && findings.overflowed.load (std::memory_order_relaxed) > 0)
    {
        toldOfOverflow = true;
        juce::Logger::writeToLog ("the plugin broke real-time rules at more than " + juce::String (RealtimeFindings::capacity)
                                  + " places; the ones past those are not listed: fix the listed ones first");
    }
}

} // namespace wavecraft
