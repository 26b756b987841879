namespace wavecraft
{

/** Where the plugin's audio comes from and goes to: JUCE's
    AudioDeviceSelectorComponent on the session's device manager (device type,
    the Virtual device included, input, output, sample rate, block size), and
    the input source (the device's input, silence, a sine at a frequency,
    noise, or a looped file chosen with a file chooser). Every change applies
    live; the server and its connections are not touched.

    To use one: create it on a started HostSession, which must outlive it.
*/
class AudioSettingsPanel : public juce::Component
{
public:
    /** [message thread] */
    explicit AudioSettingsPanel (HostSession& session);
    /** [message thread] */
    ~AudioSettingsPanel() override;

    /** Sets the input source from an InputSource spec, as the controls do;
        an error is shown under them (and returned, for a caller that wants
        it). [message thread]
    */
    juce::Result applyInputSource (const juce::String& spec);

    /** The error the last change gave, or empty. [message thread] */
    juce::String getInputSourceError() const { return errorLabel.getText(); }

    /** @internal */
    void resized() override;

private:
    enum SourceKind
    {
        device = 1,
        silence,
        sine,
        noise,
        file
    };

    void showSpec (const juce::String& spec);
    juce::String specOfControls() const;
    void chooseFile();
    void updateVisibility();

    HostSession& session;
    juce::AudioDeviceSelectorComponent deviceSelector;
    juce::Label sourceLabel { {}, "Input source" }, errorLabel;
    juce::ComboBox sourceKind;
    juce::Slider sineFrequency { juce::Slider::LinearHorizontal, juce::Slider::TextBoxRight };
    juce::TextButton chooseFileButton { "Choose file..." };
    juce::File sourceFile;
    std::unique_ptr<juce::FileChooser> fileChooser;

    JUCE_DECLARE_NON_COPYABLE_WITH_LEAK_DETECTOR (AudioSettingsPanel)
};

} // namespace wavecraft
