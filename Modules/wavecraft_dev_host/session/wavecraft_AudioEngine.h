namespace wavecraft
{

/** Runs the PluginAudioCallback on an audio device and keeps the audio
    status: opens the requested device (any JUCE device type, or the built-in
    Virtual one, which is also the fallback when no hardware opens), watches
    that it keeps delivering callbacks, and reopens it when it comes back.

    Everything here happens on the message thread; the audio thread only sees
    the callback.
*/
class AudioEngine : private juce::Timer
{
public:
    struct DeviceOptions
    {
        juce::String deviceType;   /**< empty: the platform's default, then Virtual */
        juce::String inputDevice;  /**< empty: the type's default */
        juce::String outputDevice; /**< empty: the type's default */
        double sampleRate = 0.0;   /**< 0: the device's default */
        int bufferSize = 0;        /**< 0: the device's default */
    };

    class Listener
    {
    public:
        virtual ~Listener() = default;

        /** The status changed (phase, diagnostic, rate or block size). [message thread] */
        virtual void audioStatusChanged (const AudioStatus& status) = 0;
    };

    AudioEngine();
    ~AudioEngine() override;

    /** Opens a device and starts the callback. Returns an error only for a
        request that can never work (an unknown device type or device name);
        anything else (no hardware, a server that is down) is reported in the
        status and retried. [message thread]
    */
    juce::String start (const DeviceOptions& options);

    /** Stops the callback and closes the device. [message thread] */
    void stop();

    PluginAudioCallback& getCallback() noexcept { return callback; }
    juce::AudioDeviceManager& getDeviceManager() noexcept { return deviceManager; }

    /** [message thread] */
    const AudioStatus& getStatus() const noexcept { return status; }

    /** Marks the plugin as unusable (phase failed, with this diagnostic) or,
        with nullopt, as fine again. [message thread]
    */
    void setPluginDiagnostic (std::optional<Diagnostic> diagnostic);

    /** Tells the engine that an input source, not the device, feeds the plugin. [message thread] */
    void setUsesInputSource (bool usesSource);

    /** The device's xrun count (late callbacks on the Virtual device). [message thread] */
    int getXRunCount() const;

    /** e.g. "JACK: system (2 in, 2 out)". [message thread] */
    juce::String describeDevice() const;

    void addListener (Listener* listener) { listeners.add (listener); }
    void removeListener (Listener* listener) { listeners.remove (listener); }

    /** How often the watchdog looks at the device, and retries a lost one. */
    static constexpr int watchdogIntervalMs = 200;
    static constexpr int reopenIntervalMs = 1000;

private:
    class DeviceManager : public juce::AudioDeviceManager
    {
        void createAudioDeviceTypes (juce::OwnedArray<juce::AudioIODeviceType>& types) override;
    };

    juce::String openRequestedDevice();
    bool openVirtualDevice();
    bool reopenDevice();
    bool deviceIsDelivering() const;
    void timerCallback() override;
    void updateStatus();
    void setStatus (AudioStatus newStatus);

    DeviceManager deviceManager;
    PluginAudioCallback callback;
    DeviceOptions options;
    juce::AudioDeviceManager::AudioDeviceSetup lastSetup;
    juce::String lastDeviceType;
    std::optional<Diagnostic> deviceDiagnostic, pluginDiagnostic;
    bool started = false, usesInputSource = false, deviceLost = false;
    juce::int64 openedAtMicros = 0;
    juce::uint32 lastReopenAttemptMs = 0;
    AudioStatus status;
    juce::ListenerList<Listener> listeners;

    JUCE_DECLARE_NON_COPYABLE_WITH_LEAK_DETECTOR (AudioEngine)
};

} // namespace wavecraft
