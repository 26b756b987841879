namespace wavecraft
{

/** Runs the PluginAudioCallback on an audio device of a juce::AudioDeviceManager
    and keeps the audio status, built from the device's state and the
    plugin's PluginHealth: opens the requested device (any JUCE device
    type, or the built-in Virtual one, which is also the fallback when no
    hardware opens), watches that it keeps delivering callbacks, and reopens it
    when it comes back.

    The manager is the app's own: an embedding app passes the one it already
    has (the engine adds the Virtual device type to it, so JUCE's
    AudioDeviceSelectorComponent lists it), and a device the app then picks
    through the manager is followed: the status reports it, and it is what the
    watchdog reopens after a loss.

    Everything here happens on the message thread; the audio thread only sees
    the callback.

    To use one without a HostSession: start() it with DeviceOptions, give the
    engine its processor with setProcessor() and an input source
    with setInputSource(), read its output through an OutputAnalyser, and
    listen for status changes.

    @see HostSession, PluginAudioCallback, PluginHealth, OutputAnalyser, VirtualAudioIODeviceType
*/
class AudioEngine : private juce::Timer,
                    private juce::ChangeListener
{
public:
    struct DeviceOptions
    {
        juce::String deviceType;   /**< empty: the platform's default, then Virtual */
        juce::String inputDevice;  /**< with deviceType only; empty: the type's default */
        juce::String outputDevice; /**< with deviceType only; empty: the type's default */
        double sampleRate = 0.0;   /**< 0: the device's default; ignored when start() keeps the app's open device */
        int bufferSize = 0;        /**< 0: the device's default; ignored when start() keeps the app's open device */
    };

    class Listener
    {
    public:
        virtual ~Listener() = default;

        /** The status changed (phase, diagnostic, rate or block size). [message thread] */
        virtual void audioStatusChanged (const AudioStatus& status) = 0;
    };

    /** Uses `manager` (which must outlive the engine) for every device. On
        Linux it also silences libjack's own messages for the whole process
        (the status says what matters); WAVECRAFT_JACK_VERBOSE=1 keeps them.
        [message thread]
    */
    explicit AudioEngine (juce::AudioDeviceManager& manager);
    /** Stops the engine. [message thread] */
    ~AudioEngine() override;

    /** Opens a device and starts the callback. With no device type asked for
        and a device already open in the manager (the app's), that device is
        kept. Returns an error only for a request that can never work (an
        unknown device type or device name); anything else (no hardware, a
        server that is down) is reported in the status and retried.
        [message thread]
    */
    [[nodiscard]] juce::Result start (const DeviceOptions& options);

    /** Stops the callback, and closes the device if the engine opened it.
        [message thread]
    */
    void stop();

    /** The callback the device runs: set its plugin and input source here. [message thread] */
    PluginAudioCallback& getCallback() noexcept { return callback; }

    /** Its counters and state, read from any thread. [any thread] */
    const PluginAudioCallback& getCallback() const noexcept { return callback; }

    /** The app's manager, as given. [message thread] */
    juce::AudioDeviceManager& getDeviceManager() noexcept { return deviceManager; }

    /** [message thread] */
    const AudioStatus& getStatus() const noexcept { return status; }

    /** Gives the player its processor (null: none, silence out) at the
        next block boundary and returns the previous one, to be destroyed by
        the caller (see PluginPlayer::setProcessor); what the health said of
        the old one goes with it. Never while isAudioThreadStuck(): the swap
        would wait for the audio thread. [message thread]
    */
    std::unique_ptr<juce::AudioProcessor> setProcessor (std::unique_ptr<juce::AudioProcessor> processor);

    /** The processor a finished cross-fade left behind, or null (see
        PluginPlayer::collectFadedOutProcessor). The engine's timer collects
        them too, and hands each to the faded-out handler. [message thread]
    */
    std::unique_ptr<juce::AudioProcessor> collectFadedOutProcessor() { return callback.getPlayer().collectFadedOutProcessor(); }

    /** Takes each processor a cross-fade left behind, e.g. to keep it
        loaded (an A/B of builds); without one they are destroyed. [message thread]
    */
    void setFadedOutHandler (std::function<void (std::unique_ptr<juce::AudioProcessor>)> handler) { fadedOutHandler = std::move (handler); }

    /** True while the plugin hangs on the audio thread itself (a plugin in
        this process): nothing that takes the audio thread's locks (a swap,
        stopping the device) can be done until it returns. An isolated
        plugin that hangs leaves the audio thread free. [message thread]
    */
    bool isAudioThreadStuck() const noexcept { return health.isAudioThreadStuck(); }

    /** Marks the plugin as unusable (phase failed, with this diagnostic: a
        crash, a failed load) or, with nullopt, as fine again. [message thread]
    */
    void setPluginDiagnostic (std::optional<Diagnostic> diagnostic);

    /** Says whose a diagnostic about the plugin is when the processor that
        plays is not the one the owner thinks of as the plugin (an A/B's
        previous build): each status with a plugin diagnostic passes through
        `describe` before it is kept and told. Null: as it is. Applied from
        the next status on. [message thread]
    */
    void setPluginDiagnosticDescriber (std::function<void (AudioStatus&)> describe) { pluginDiagnosticDescriber = std::move (describe); }

    /** The app's own hints for the status's diagnostics (see DiagnosticHints);
        null for the module's. Must outlive the engine, or be reset first.
        [message thread]
    */
    void setDiagnosticHints (const DiagnosticHints* hints);

    /** Feeds the plugin from `source` (null: the device's input) and updates
        the status (a device without inputs is fine with a source). Returns
        the previous source, to be destroyed by the caller. [message thread]
    */
    std::unique_ptr<InputSource> setInputSource (std::unique_ptr<InputSource> source);

    /** The device's xrun count (late callbacks on the Virtual device). [message thread] */
    int getXRunCount() const;

    /** e.g. "JACK: system (2 in, 2 out, 48000 Hz, 512 frames)", with a note
        when the device has more inputs than reach the plugin. [message thread]
    */
    juce::String describeDevice() const;

    /** [message thread] */
    void addListener (Listener* listener) { listeners.add (listener); }

    /** [message thread] */
    void removeListener (Listener* listener) { listeners.remove (listener); }

    /** How often the watchdog looks at the device, and retries a lost one. */
    static constexpr int watchdogIntervalMs = 200;
    static constexpr int reopenIntervalMs = 1000;

private:
    [[nodiscard]] juce::String openRequestedDevice();
    [[nodiscard]] juce::String openDefaultDevice();
    juce::AudioIODeviceType* findRequestedType (juce::String& error) const;
    [[nodiscard]] static juce::String checkDeviceName (juce::AudioIODeviceType& type, const juce::String& name, bool isInput);
    void openDeviceOfType (juce::AudioIODeviceType& type);
    bool openVirtualDevice();
    bool reopenDevice();
    bool deviceIsDelivering() const;
    double getBlockMicros() const;
    void timerCallback() override;
    void changeListenerCallback (juce::ChangeBroadcaster*) override;
    void followManagersDevice();
    void updateStatus();
    AudioStatus statusOfRunning (juce::AudioIODevice& device) const;
    void setStatus (AudioStatus newStatus);
    void checkRequestHonoured();
    void offerRequestedFormat (juce::AudioIODeviceType& type) const;
    static Diagnostic makeDeviceDiagnostic (DiagnosticCode code, const juce::String& deviceType, const juce::String& deviceName,
                                            const juce::String& message, const juce::String& hint);

    juce::AudioDeviceManager& deviceManager;
    PluginAudioCallback callback;
    DeviceOptions options;
    juce::AudioDeviceManager::AudioDeviceSetup lastSetup;
    juce::String lastDeviceType;
    PluginHealth health { callback.getPlayer() };
    std::optional<Diagnostic> deviceDiagnostic;
    std::optional<Diagnostic> unhonouredRequest;            // the device runs at another rate or block size than asked
    juce::AudioDeviceManager::AudioDeviceSetup openedSetup; // as it opened: another one later was chosen, not refused
    bool started = false, usesInputSource = false, deviceLost = false, openedDevice = false;
    juce::int64 openedAtMicros = 0;
    juce::int64 lastReopenAttemptMs = 0;
    AudioStatus status;
    const DiagnosticHints* hints = nullptr;
    juce::ListenerList<Listener> listeners;
    std::function<void (std::unique_ptr<juce::AudioProcessor>)> fadedOutHandler;
    std::function<void (AudioStatus&)> pluginDiagnosticDescriber;

    JUCE_DECLARE_NON_COPYABLE_WITH_LEAK_DETECTOR (AudioEngine)
};

} // namespace wavecraft
