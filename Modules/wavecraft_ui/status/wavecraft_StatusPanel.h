namespace wavecraft
{

/** The session at a glance, along the bottom of a window: the audio phase,
    the device with its sample rate and block size, the audio thread's CPU
    load and xruns; the plugin file with its ABI version and parameter
    count, and how many times it was reloaded. Updated on every status change
    and four times a second for the load.

    To use one: create it on a started HostSession, which must outlive it.
*/
class StatusPanel : public juce::Component,
                    private HostSession::Listener,
                    private juce::Timer
{
public:
    /** [message thread] */
    explicit StatusPanel (HostSession& session);
    /** [message thread] */
    ~StatusPanel() override;

    /** The two lines shown, audio first. [message thread] */
    juce::String getAudioLine() const { return audioLine.getText(); }
    juce::String getPluginLine() const { return pluginLine.getText(); }

    /** Reads the session again now, as the timer does. [message thread] */
    void refresh();

    /** The height the panel wants. */
    static constexpr int preferredHeight = 44;

    /** @internal */
    void paint (juce::Graphics&) override;
    /** @internal */
    void resized() override;

private:
    void audioStatusChanged (const AudioStatus&) override { refresh(); }
    void parametersReplaced() override { refresh(); }
    void timerCallback() override { refresh(); }
    juce::String describeAudio() const;
    juce::String describePlugin() const;

    HostSession& session;
    PluginAudioCallback::Counters previousCounters;
    float cpuLoad = 0.0f;
    juce::Label audioLine, pluginLine;

    JUCE_DECLARE_NON_COPYABLE_WITH_LEAK_DETECTOR (StatusPanel)
};

} // namespace wavecraft
