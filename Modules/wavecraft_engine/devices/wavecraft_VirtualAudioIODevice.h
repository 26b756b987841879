namespace wavecraft
{

/** A clocked audio device that needs no hardware: its own high-priority
    thread calls the callback at real-time pace (block size / sample rate),
    with silent inputs and outputs that go nowhere, unless a Patch is plugged
    in to play into the inputs and hear the outputs.

    It keeps time against absolute deadlines, so the average rate is exact;
    a callback that starts more than one block late counts as an xrun and the
    clock resynchronises instead of rushing to catch up.

    An app rarely creates one itself: AudioEngine adds a
    VirtualAudioIODeviceType to the app's AudioDeviceManager, which opens the
    device like any other. Its juce::AudioIODevice methods are called as JUCE
    calls them (the manager, on the message thread); the callback runs on the
    device's own thread.

    @see VirtualAudioIODeviceType, AudioEngine
*/
class VirtualAudioIODevice final : public juce::AudioIODevice,
                                   private juce::Thread
{
public:
    static constexpr const char* typeName = "Virtual";
    static constexpr const char* deviceName = "Virtual Device";

    /** What the device offers. The defaults are what the host opens. */
    struct Options
    {
        int numInputs = 2;
        int numOutputs = 2;

        /** False: blocks follow each other as fast as the callback returns,
            like JACK's freewheel mode (rendering, tests); the xrun count stays 0.
        */
        bool realtimePacing = true;

        /** A rate and a block size listed beside the usual ones (0: none):
            what the host was asked for, so a device manager, which picks
            from the lists, opens the device at it.
        */
        double extraSampleRate = 0.0;
        int extraBufferSize = 0;
    };

    /** It runs at any rate in this range, and any block size in the next. */
    static constexpr double minSampleRate = 8000.0, maxSampleRate = 384000.0;
    static constexpr int minBufferSize = 16, maxBufferSize = 8192;

    /** A cable patched into the device, like a test signal generator and a
        recorder on a sound card's jacks: it fills the inputs before each
        callback and sees the outputs after it. Both run on the device's
        thread, so they must be real-time safe. [audio thread]
    */
    class Patch
    {
    public:
        virtual ~Patch() = default;

        /** Called before the callback; the inputs are silent unless written. */
        virtual void fillInputs (float* const* inputs, int numInputs, int numSamples) noexcept = 0;

        /** Called after the callback with what it wrote. */
        virtual void outputsWritten (const float* const* outputs, int numOutputs, int numSamples) noexcept = 0;
    };

    VirtualAudioIODevice();
    explicit VirtualAudioIODevice (Options options);
    ~VirtualAudioIODevice() override;

    /** Plugs a patch in (null unplugs it). When this returns, the device's
        thread no longer uses the previous patch, which may then be deleted.
        The patch stays across stop() and start(). [any thread but the device's]
    */
    void setPatch (Patch* newPatch) noexcept;

    //==============================================================================
    /** @internal */
    juce::StringArray getOutputChannelNames() override { return channelNames ("Out", options.numOutputs); }
    /** @internal */
    juce::StringArray getInputChannelNames() override { return channelNames ("In", options.numInputs); }
    /** @internal */
    juce::Array<double> getAvailableSampleRates() override;
    /** @internal */
    juce::Array<int> getAvailableBufferSizes() override;
    /** @internal */
    int getDefaultBufferSize() override { return 512; }

    /** @internal */
    juce::String open (const juce::BigInteger& inputChannels, const juce::BigInteger& outputChannels,
                       double sampleRate, int bufferSizeSamples) override;
    /** @internal */
    void close() override;
    /** @internal */
    bool isOpen() override { return opened; }
    /** @internal */
    void start (juce::AudioIODeviceCallback* callback) override;
    /** @internal */
    void stop() override;
    /** @internal */
    bool isPlaying() override { return isThreadRunning(); }
    /** @internal */
    juce::String getLastError() override { return lastError; }
    /** @internal */
    int getCurrentBufferSizeSamples() override { return bufferSize; }
    /** @internal */
    double getCurrentSampleRate() override { return sampleRate; }
    /** @internal */
    int getCurrentBitDepth() override { return 32; }
    /** @internal */
    juce::BigInteger getActiveOutputChannels() const override { return activeOutputs; }
    /** @internal */
    juce::BigInteger getActiveInputChannels() const override { return activeInputs; }
    /** @internal */
    int getOutputLatencyInSamples() override { return 0; }
    /** @internal */
    int getInputLatencyInSamples() override { return 0; }
    /** @internal */
    int getXRunCount() const noexcept override { return xruns.load(); }

private:
    static juce::StringArray channelNames (const juce::String& prefix, int count);
    void run() override;
    void deliverBlock (int numInputs, int numOutputs) noexcept;

    const Options options;
    bool opened = false;
    double sampleRate = 48000.0;
    int bufferSize = 512;
    juce::BigInteger activeInputs, activeOutputs;
    juce::String lastError;
    juce::AudioBuffer<float> inputBuffer, outputBuffer;
    juce::AudioIODeviceCallback* callback = nullptr;
    std::atomic<int> xruns { 0 };
    std::atomic<Patch*> patch { nullptr };
    std::atomic<bool> patchInUse { false };

    JUCE_DECLARE_NON_COPYABLE_WITH_LEAK_DETECTOR (VirtualAudioIODevice)
};

//==============================================================================
/** The "Virtual" device type, with its one device.

    Add one to any AudioDeviceManager (`addAudioDeviceType`), with Options for
    another channel count or for unpaced blocks.
*/
class VirtualAudioIODeviceType final : public juce::AudioIODeviceType
{
public:
    VirtualAudioIODeviceType();
    explicit VirtualAudioIODeviceType (VirtualAudioIODevice::Options deviceOptions);

    /** @internal */
    void scanForDevices() override {}
    /** @internal */
    juce::StringArray getDeviceNames (bool) const override { return { VirtualAudioIODevice::deviceName }; }
    /** @internal */
    int getDefaultDeviceIndex (bool) const override { return 0; }
    /** @internal */
    int getIndexOfDevice (juce::AudioIODevice* device, bool) const override { return device != nullptr ? 0 : -1; }
    /** @internal */
    bool hasSeparateInputsAndOutputs() const override { return false; }
    /** @internal */
    juce::AudioIODevice* createDevice (const juce::String& outputName, const juce::String& inputName) override;

    /** The rate and block size the devices made from now on list beside the
        usual ones (see Options). [message thread]
    */
    void setExtraFormat (double sampleRate, int bufferSize) noexcept;

private:
    VirtualAudioIODevice::Options options;
};

} // namespace wavecraft
