namespace wavecraft
{

/** The audio status's diagnostic across the top of a window: red when the
    plugin failed (with a Reload button), amber when the audio is degraded,
    hidden when all is well. The message comes first, then the hint saying
    what to do.
*/
class DiagnosticBanner : public juce::Component
{
public:
    /** [message thread] */
    DiagnosticBanner();

    /** Shows the status's diagnostic, or hides the banner when it has none. [message thread] */
    void setStatus (const AudioStatus& status);

    /** Shows a build's error in place of the status's diagnostic until
        clearBuildError(): what to fix comes first, while the last good
        build plays on. [message thread]
    */
    void setBuildError (const juce::String& message, const juce::String& hint);

    /** Back to the status's diagnostic, if it has one. [message thread] */
    void clearBuildError();

    /** Called when the Reload button is clicked. [message thread] */
    std::function<void()> onReload;

    /** [message thread] */
    juce::String getMessage() const { return message.getText(); }
    juce::String getHint() const { return hint.getText(); }
    bool offersReload() const { return reloadButton.isVisible(); }

    /** The height the banner wants while it shows. */
    static constexpr int preferredHeight = 76;

    /** @internal */
    void paint (juce::Graphics&) override;
    /** @internal */
    void resized() override;

private:
    juce::Label message, hint;
    juce::TextButton reloadButton { "Reload" };
    juce::Colour background;
    AudioStatus lastStatus;
    juce::String buildError, buildErrorHint; // empty: none

    void show();

    JUCE_DECLARE_NON_COPYABLE_WITH_LEAK_DETECTOR (DiagnosticBanner)
};

} // namespace wavecraft
