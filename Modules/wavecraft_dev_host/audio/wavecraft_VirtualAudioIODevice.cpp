namespace wavecraft
{

VirtualAudioIODevice::VirtualAudioIODevice()
    : juce::AudioIODevice (deviceName, typeName),
      juce::Thread ("wavecraft virtual audio")
{
}

VirtualAudioIODevice::~VirtualAudioIODevice()
{
    close();
}

juce::String VirtualAudioIODevice::open (const juce::BigInteger& inputChannels, const juce::BigInteger& outputChannels,
                                         double newSampleRate, int newBufferSize)
{
    close();

    if (newSampleRate <= 0.0)
        newSampleRate = 48000.0;

    if (newBufferSize <= 0)
        newBufferSize = getDefaultBufferSize();

    if (! getAvailableSampleRates().contains (newSampleRate))
        return lastError = "the Virtual device runs at 44100, 48000 or 96000 Hz, not " + juce::String (newSampleRate);

    if (newBufferSize < 64 || newBufferSize > 2048)
        return lastError = "the Virtual device takes blocks of 64 to 2048 frames, not " + juce::String (newBufferSize);

    sampleRate = newSampleRate;
    bufferSize = newBufferSize;
    activeInputs = inputChannels;
    activeInputs.setRange (2, activeInputs.getHighestBit() + 1, false);
    activeOutputs = outputChannels;
    activeOutputs.setRange (2, activeOutputs.getHighestBit() + 1, false);
    inputBuffer.setSize (juce::jmax (1, activeInputs.countNumberOfSetBits()), bufferSize);
    outputBuffer.setSize (juce::jmax (1, activeOutputs.countNumberOfSetBits()), bufferSize);
    inputBuffer.clear();
    xruns = 0;
    lastError = {};
    opened = true;
    return {};
}

void VirtualAudioIODevice::close()
{
    stop();
    opened = false;
}

void VirtualAudioIODevice::start (juce::AudioIODeviceCallback* newCallback)
{
    if (! opened || newCallback == nullptr)
        return;

    stop();
    callback = newCallback;
    callback->audioDeviceAboutToStart (this);

    // Real-time scheduling needs privileges; a normal high-priority thread still keeps time.
    if (! startRealtimeThread (juce::Thread::RealtimeOptions { 8, 0 }))
        startThread (juce::Thread::Priority::highest);
}

void VirtualAudioIODevice::stop()
{
    if (isThreadRunning())
        stopThread (2000);

    if (auto* stopped = std::exchange (callback, nullptr))
        stopped->audioDeviceStopped();
}

void VirtualAudioIODevice::run()
{
    using Clock = std::chrono::steady_clock;
    const auto period = std::chrono::duration_cast<Clock::duration> (std::chrono::duration<double> (bufferSize / sampleRate));
    const auto numInputs = activeInputs.countNumberOfSetBits();
    const auto numOutputs = activeOutputs.countNumberOfSetBits();
    auto deadline = Clock::now();

    while (! threadShouldExit())
    {
        inputBuffer.clear();
        callback->audioDeviceIOCallbackWithContext (inputBuffer.getArrayOfReadPointers(), numInputs,
                                                    outputBuffer.getArrayOfWritePointers(), numOutputs,
                                                    bufferSize, {});
        deadline += period;
        const auto now = Clock::now();

        if (now > deadline + period)
        {
            ++xruns;
            deadline = now;
            continue;
        }

        std::this_thread::sleep_until (deadline);
    }
}

//==============================================================================
juce::AudioIODevice* VirtualAudioIODeviceType::createDevice (const juce::String& outputName, const juce::String& inputName)
{
    const auto matches = [] (const juce::String& name)
    { return name.isEmpty() || name == VirtualAudioIODevice::deviceName; };
    return matches (outputName) && matches (inputName) ? new VirtualAudioIODevice() : nullptr;
}

} // namespace wavecraft
