namespace wavecraft
{

/** The plugin doctor's findings in the window: each place where the running
    build broke a real-time rule, with how often and since when, and its
    stack, function and line first. Read from the session's report
    (HostSession::getPluginReport) when it grows and twice a second for the
    counts; the text can be selected and copied.

    [message thread]
*/
class RealtimeReportPanel : public juce::Component,
                            private HostSession::Listener,
                            private juce::Timer
{
public:
    explicit RealtimeReportPanel (HostSession& session);
    ~RealtimeReportPanel() override;

    /** Reads the report again. */
    void refresh();

    /** Places listed now. */
    int getNumPlaces() const noexcept { return numPlaces; }

    /** What the panel shows: the heading, and the places. */
    juce::String getHeading() const { return heading.getText(); }
    juce::String getText() const { return text.getText(); }

    /** Told when the number of places changes (for a tab's title). */
    std::function<void (int numPlaces)> onPlacesChanged;

    /** The text for a report, as the panel shows it; `nowNanos` is getMonotonicNanos(). */
    static juce::String describe (const PluginReport& report, juce::int64 nowNanos);

    /** @internal */
    void paint (juce::Graphics&) override;
    /** @internal */
    void resized() override;

private:
    void pluginReportChanged() override { refresh(); }
    void parametersReplaced() override { refresh(); } // a new build: a new report
    void timerCallback() override { refresh(); }

    HostSession& session;
    juce::Label heading;
    juce::TextEditor text;
    int numPlaces = 0;

    JUCE_DECLARE_NON_COPYABLE_WITH_LEAK_DETECTOR (RealtimeReportPanel)
};

} // namespace wavecraft
