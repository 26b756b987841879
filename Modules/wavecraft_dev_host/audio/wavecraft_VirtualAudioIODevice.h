namespace wavecraft
{

/** A clocked audio device that needs no hardware: its own high-priority
    thread calls the callback at real-time pace (block size / sample rate),
    with two silent inputs and two outputs that go nowhere.

    It keeps time against absolute deadlines, so the average rate is exact;
    a callback that starts more than one block late counts as an xrun and the
    clock resynchronises instead of rushing to catch up.
*/
class VirtualAudioIODevice final : public juce::AudioIODevice,
                                   private juce::Thread
{
public:
    static constexpr const char* typeName = "Virtual";
    static constexpr const char* deviceName = "Virtual Device";

    VirtualAudioIODevice();
    ~VirtualAudioIODevice() override;

    juce::StringArray getOutputChannelNames() override { return { "Left", "Right" }; }
    juce::StringArray getInputChannelNames() override { return { "Left", "Right" }; }
    juce::Array<double> getAvailableSampleRates() override { return { 44100.0, 48000.0, 96000.0 }; }
    juce::Array<int> getAvailableBufferSizes() override { return { 64, 128, 256, 512, 1024, 2048 }; }
    int getDefaultBufferSize() override { return 512; }

    juce::String open (const juce::BigInteger& inputChannels, const juce::BigInteger& outputChannels,
                       double sampleRate, int bufferSizeSamples) override;
    void close() override;
    bool isOpen() override { return opened; }
    void start (juce::AudioIODeviceCallback* callback) override;
    void stop() override;
    bool isPlaying() override { return isThreadRunning(); }
    juce::String getLastError() override { return lastError; }
    int getCurrentBufferSizeSamples() override { return bufferSize; }
    double getCurrentSampleRate() override { return sampleRate; }
    int getCurrentBitDepth() override { return 32; }
    juce::BigInteger getActiveOutputChannels() const override { return activeOutputs; }
    juce::BigInteger getActiveInputChannels() const override { return activeInputs; }
    int getOutputLatencyInSamples() override { return 0; }
    int getInputLatencyInSamples() override { return 0; }
    int getXRunCount() const noexcept override { return xruns.load(); }

private:
    void run() override;

    bool opened = false;
    double sampleRate = 48000.0;
    int bufferSize = 512;
    juce::BigInteger activeInputs, activeOutputs;
    juce::String lastError;
    juce::AudioBuffer<float> inputBuffer, outputBuffer;
    juce::AudioIODeviceCallback* callback = nullptr;
    std::atomic<int> xruns { 0 };

    JUCE_DECLARE_NON_COPYABLE_WITH_LEAK_DETECTOR (VirtualAudioIODevice)
};

//==============================================================================
/** The "Virtual" device type, with its one device. */
class VirtualAudioIODeviceType final : public juce::AudioIODeviceType
{
public:
    VirtualAudioIODeviceType()
        : juce::AudioIODeviceType (VirtualAudioIODevice::typeName)
    {}

    void scanForDevices() override {}
    juce::StringArray getDeviceNames (bool) const override { return { VirtualAudioIODevice::deviceName }; }
    int getDefaultDeviceIndex (bool) const override { return 0; }
    int getIndexOfDevice (juce::AudioIODevice* device, bool) const override { return device != nullptr ? 0 : -1; }
    bool hasSeparateInputsAndOutputs() const override { return false; }

    juce::AudioIODevice* createDevice (const juce::String& outputName, const juce::String& inputName) override;
};

} // namespace wavecraft
