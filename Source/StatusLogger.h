#pragma once

#include <wavecraft_dev_host/wavecraft_dev_host.h>

/** Logs to standard error what a developer watching the terminal wants to
    know: status changes, the plugin loaded, and every 10 s the callbacks,
    xruns, load and clients.
*/
class StatusLogger : public wavecraft::HostSession::Listener,
                     private juce::Timer
{
public:
    StatusLogger (wavecraft::HostSession& session, const wavecraft::BrowserUiServer& server);
    ~StatusLogger() override;

    void audioStatusChanged (const wavecraft::AudioStatus& status) override;
    void parametersReplaced() override;

    static void log (const juce::String& text);

private:
    /** True when the audio status already carries this diagnostic message. */
    bool isInStatus (const juce::String& message) const;
    void timerCallback() override;

    wavecraft::HostSession& session;
    const wavecraft::BrowserUiServer& sessionServer;
    wavecraft::PluginAudioCallback::Counters previousCounters;
};
