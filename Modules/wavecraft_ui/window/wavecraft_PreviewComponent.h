namespace wavecraft
{

/** Everything the preview window shows of a live session: the diagnostic
    when something is wrong (first, with a Reload button), the plugin's
    controls, meters and oscilloscope, the audio settings, and the status.

    Keys: Ctrl+R (Cmd+R on a Mac) reloads the plugin, Ctrl+B bypasses it
    (the input goes out untouched), Ctrl+P hears the previous build or the
    newest again (A/B), Ctrl+, opens the audio settings, Ctrl+1
    to Ctrl+9 show the tabs in their order (Analysis, the measured response
    and the output's spectrum, is the one after Plugin and the Web UI).

    To use one: create it on a started HostSession (which must outlive it)
    and put it in a window of your own, or use PreviewWindow.

    @see PreviewWindow
*/
class PreviewComponent : public juce::Component,
                         private HostSession::Listener,
                         private juce::Timer
{
public:
    /** [message thread] */
    explicit PreviewComponent (HostSession& session);
    /** [message thread] */
    ~PreviewComponent() override;

    /** Loads the plugin file again. [message thread] */
    void reloadPlugin();

    /** Passes the input through instead of the plugin's output, or stops doing so. [message thread] */
    void setBypassed (bool shouldBypass);

    /** Hears the previous build, or the newest again (an A/B of builds);
        false when there is no previous build yet. [message thread]
    */
    bool hearPreviousBuild (bool shouldHearPrevious);

    /** The A/B button: says which build is heard, and switches. [message thread] */
    juce::TextButton& getBuildSwitch() noexcept { return buildSwitch; }

    /** The A/B's level matching toggle ("Match"). [message thread] */
    juce::ToggleButton& getLevelMatchToggle() noexcept { return levelMatchToggle; }

    /** Shows the audio settings tab. [message thread] */
    void showAudioSettings();

    /** Adds a "Web UI" tab showing `url` (the developer's own page) and
        shows it. Only with a display (see WebUiPage). [message thread]
    */
    void showWebUi (const juce::String& url);

    /** Shows a build's error across the top (e.g. "build error:
        engine/src/lib.rs:12:5: error: ..."), over the status's diagnostic,
        until clearBuildError(). [message thread]
    */
    void showBuildError (const juce::String& message, const juce::String& hint);

    /** [message thread] */
    void clearBuildError();

    /** The web UI tab's page, or null. [message thread] */
    WebUiPage* getWebUiPage() noexcept { return webUi.get(); }

    /** [message thread] */
    PluginPage& getPluginPage() noexcept { return pluginPage; }
    DiagnosticBanner& getDiagnosticBanner() noexcept { return banner; }
    StatusPanel& getStatusPanel() noexcept { return status; }
    AudioSettingsPanel& getAudioSettingsPanel() noexcept { return audioSettings; }
    RealtimeReportPanel& getRealtimeReportPanel() noexcept { return realtimeReport; }
    AnalysisPage& getAnalysisPage() noexcept { return analysis; }
    juce::TabbedComponent& getTabs() noexcept { return tabs; }

    /** The size a new window gives it. */
    static constexpr int defaultWidth = 1000, defaultHeight = 660;

    /** @internal */
    void resized() override;
    /** @internal */
    bool keyPressed (const juce::KeyPress&) override;

private:
    void audioStatusChanged (const AudioStatus& status) override;
    void buildsChanged() override;
    void timerCallback() override { buildsChanged(); } // the level match becomes known as builds play
    void showRealtimePlaces (int places);

    HostSession& session;
    DiagnosticBanner banner;
    PluginPage pluginPage;
    AudioSettingsPanel audioSettings;
    RealtimeReportPanel realtimeReport;
    AnalysisPage analysis;
    std::unique_ptr<WebUiPage> webUi;
    juce::TabbedComponent tabs { juce::TabbedButtonBar::TabsAtTop };
    juce::TextButton reloadButton { "Reload" };
    juce::ToggleButton bypassButton { "Bypass" };
    juce::TextButton buildSwitch { "A/B" };
    juce::ToggleButton levelMatchToggle { "Match" };
    StatusPanel status;
    juce::TooltipWindow tooltips { this };

    JUCE_DECLARE_NON_COPYABLE_WITH_LEAK_DETECTOR (PreviewComponent)
};

} // namespace wavecraft
