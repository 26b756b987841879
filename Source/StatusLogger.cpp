#include "StatusLogger.h"
#include "StandardErrorLog.h"

StatusLogger::StatusLogger (wavecraft::HostSession& s, const wavecraft::BrowserUiServer& server)
    : session (s),
      sessionServer (server)
{
    session.addListener (this);
    startTimer (10000);
}

StatusLogger::~StatusLogger()
{
    session.removeListener (this);
}

void StatusLogger::audioStatusChanged (const wavecraft::AudioStatus& status)
{
    // A plugin that failed leaves the device running silent: said as the plugin's failure, not the audio's.
    if (status.phase == wavecraft::AudioPhase::failed && status.diagnostic.has_value()
        && status.diagnostic->subject == wavecraft::Diagnostic::Subject::plugin)
        log ("plugin failed: " + status.diagnostic->describe());
    else
        log ("audio " + status.describe());

    if (status.isRunning())
        log ("device " + session.getEngine().describeDevice());
}

void StatusLogger::parametersReplaced()
{
    if (const auto& plugin = session.getPluginInfo())
        log ("plugin " + plugin->describe());
    else if (const auto& error = session.getLoadError(); error.has_value() && ! isInStatus (error->message))
        log ("plugin failed: " + error->describe()); // the status line said it already, where the status carries it
}

bool StatusLogger::isInStatus (const juce::String& message) const
{
    const auto status = session.getEngine().getStatus();
    return status.diagnostic.has_value() && status.diagnostic->message == message;
}

void StatusLogger::timerCallback()
{
    const auto& callback = session.getEngine().getCallback();
    const auto counters = callback.getCounters();
    const auto cpuLoad = counters.cpuLoadSince (previousCounters, callback.getSampleRate());
    previousCounters = counters;
    log ("callbacks " + juce::String ((juce::int64) counters.callbacks) + ", xruns "
         + juce::String (session.getEngine().getXRunCount()) + ", cpu "
         + juce::String (cpuLoad * 100.0f, 1) + "%, late (silent) blocks " + juce::String ((juce::int64) counters.lateBlocks)
         + ", dropped meter frames "
         + juce::String ((juce::int64) counters.droppedMeterFrames) + ", WebSocket clients "
         + juce::String (sessionServer.getNumClients()) + ", messages dropped for slow clients "
         + juce::String ((juce::int64) sessionServer.getNumDroppedMessages()));
}

void StatusLogger::log (const juce::String& text)
{
    StandardErrorLog::writeLine (text);
}
