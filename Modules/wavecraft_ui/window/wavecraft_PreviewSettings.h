namespace wavecraft
{

/** What the preview remembers between runs, in a juce::PropertiesFile: the
    window's size and position, the device setup (the manager's own XML:
    type, devices, rate, block size, channels) and the input source.

    A saved value that no longer works (a device that is gone, a file that
    was deleted, a damaged file) falls back to the default with one line in
    the log, never an error.

    To use one: restore the audio before HostSession::start() (then start it
    with no device type, so it keeps the restored device), restore the window
    once it exists, and save both before they go.
*/
class PreviewSettings
{
public:
    /** Reads (and later writes) the file that `options` names. [message thread] */
    explicit PreviewSettings (const juce::PropertiesFile::Options& options);

    /** Opens the saved device setup on `manager`; true when it opened. [message thread] */
    bool restoreDeviceSetup (juce::AudioDeviceManager& manager);

    /** The saved input source spec, or empty. [message thread] */
    juce::String getSavedInputSource() const;

    /** Puts the window where it was. [message thread] */
    void restoreWindow (juce::ResizableWindow& window);

    /** Keeps the device setup, the session's input source and the window's place, and writes the file. [message thread] */
    void save (juce::AudioDeviceManager& manager, const HostSession& session, juce::ResizableWindow* window);

    /** The file read and written. */
    juce::File getFile() const { return properties.getFile(); }

    static constexpr const char* deviceSetupKey = "deviceSetup";
    static constexpr const char* inputSourceKey = "inputSource";
    static constexpr const char* windowKey = "window";

private:
    juce::PropertiesFile properties;

    JUCE_DECLARE_NON_COPYABLE_WITH_LEAK_DETECTOR (PreviewSettings)
};

} // namespace wavecraft
