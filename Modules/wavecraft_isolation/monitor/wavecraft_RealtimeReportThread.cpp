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

void RealtimeReportThread::readNewPlaces()
{
    for (const auto& violation : report.update (findings))
        onViolation (violation);
}

} // namespace wavecraft
