namespace wavecraft
{

namespace
{
    constexpr int devicePriority = 8; // of JUCE's 0..10, as a sound card's thread would be

    /** JUCE 7.0.6 made RealtimeOptions' members private, with setters in their
        place; 7.0.5 (Debian's) has only the members.
    */
    juce::Thread::RealtimeOptions makeRealtimeOptions (int priority)
    {
#if JUCE_VERSION >= 0x070006
        return juce::Thread::RealtimeOptions {}.withPriority (priority);
#else
        juce::Thread::RealtimeOptions options;
        options.priority = priority;
        return options;
#endif
    }
} // namespace

VirtualAudioIODevice::VirtualAudioIODevice()
    : VirtualAudioIODevice (Options {})
{
}

VirtualAudioIODevice::VirtualAudioIODevice (Options deviceOptions)
    : juce::AudioIODevice (deviceName, typeName),
      juce::Thread ("wavecraft virtual audio"),
      options (deviceOptions)
{
}

VirtualAudioIODevice::~VirtualAudioIODevice()
{
    close();
}

juce::StringArray VirtualAudioIODevice::channelNames (const juce::String& prefix, int count)
{
    if (count == 2)
        return { "Left", "Right" };

    juce::StringArray names;

    for (int i = 1; i <= count; ++i)
        names.add (prefix + " " + juce::String (i));

    return names;
}

void VirtualAudioIODevice::setPatch (Patch* newPatch) noexcept
{
    // Paired with deliverBlock: once the store is seen and the flag is clear,
    // the device thread can only pick up the new patch (both are seq_cst).
    patch.store (newPatch);

    while (patchInUse.load())
        std::this_thread::yield();
}

juce::String VirtualAudioIODevice::open (const juce::BigInteger& inputChannels, const juce::BigInteger& outputChannels,
                                         double newSampleRate, int newBufferSize)
{
    close();

    if (newSampleRate <= 0.0)
        newSampleRate = 48000.0;

    if (newBufferSize <= 0)
        newBufferSize = getDefaultBufferSize();

    if (newSampleRate < minSampleRate || newSampleRate > maxSampleRate)
        return lastError = "the Virtual device runs at " + juce::String ((int) minSampleRate) + " to " + juce::String ((int) maxSampleRate)
            + " Hz, not " + juce::String (newSampleRate);

    if (newBufferSize < minBufferSize || newBufferSize > maxBufferSize)
        return lastError = "the Virtual device takes blocks of " + juce::String (minBufferSize) + " to " + juce::String (maxBufferSize)
            + " frames, not " + juce::String (newBufferSize);

    sampleRate = newSampleRate;
    bufferSize = newBufferSize;
    activeInputs = inputChannels;
    activeInputs.setRange (options.numInputs, activeInputs.getHighestBit() + 1, false);
    activeOutputs = outputChannels;
    activeOutputs.setRange (options.numOutputs, activeOutputs.getHighestBit() + 1, false);
    inputBuffer.setSize (juce::jmax (1, activeInputs.countNumberOfSetBits()), bufferSize);
    outputBuffer.setSize (juce::jmax (1, activeOutputs.countNumberOfSetBits()), bufferSize);
    inputBuffer.clear();
    outputBuffer.clear();
    xruns = 0;
    lastError = {};
    opened = true;
    return {};
}

juce::Array<double> VirtualAudioIODevice::getAvailableSampleRates()
{
    juce::Array<double> rates { 8000.0, 11025.0, 16000.0, 22050.0, 32000.0, 44100.0, 48000.0, 88200.0, 96000.0, 176400.0, 192000.0, 352800.0, 384000.0 };

    if (options.extraSampleRate >= minSampleRate && options.extraSampleRate <= maxSampleRate)
        rates.addIfNotAlreadyThere (options.extraSampleRate);

    std::sort (rates.begin(), rates.end());
    return rates;
}

juce::Array<int> VirtualAudioIODevice::getAvailableBufferSizes()
{
    juce::Array<int> sizes;

    for (auto size = minBufferSize; size <= maxBufferSize; size *= 2)
        sizes.add (size);

    if (options.extraBufferSize >= minBufferSize && options.extraBufferSize <= maxBufferSize)
        sizes.addIfNotAlreadyThere (options.extraBufferSize);

    std::sort (sizes.begin(), sizes.end());
    return sizes;
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

    // Unpaced, the thread never sleeps: real-time scheduling would starve the
    // rest of the machine. Paced, real-time scheduling needs privileges; a
    // normal high-priority thread still keeps time.
    if (! options.realtimePacing)
        startThread (juce::Thread::Priority::normal);
    else if (! startRealtimeThread (makeRealtimeOptions (devicePriority)))
        startThread (juce::Thread::Priority::highest);
}

void VirtualAudioIODevice::stop()
{
    if (isThreadRunning())
        stopThread (2000);

    if (auto* stopped = std::exchange (callback, nullptr))
        stopped->audioDeviceStopped();
}

void VirtualAudioIODevice::deliverBlock (int numInputs, int numOutputs) noexcept
{
    inputBuffer.clear();
    patchInUse.store (true);
    auto* const currentPatch = patch.load();

    if (currentPatch != nullptr)
        currentPatch->fillInputs (inputBuffer.getArrayOfWritePointers(), numInputs, bufferSize);

    callback->audioDeviceIOCallbackWithContext (inputBuffer.getArrayOfReadPointers(), numInputs,
                                                outputBuffer.getArrayOfWritePointers(), numOutputs,
                                                bufferSize, {});

    if (currentPatch != nullptr)
        currentPatch->outputsWritten (outputBuffer.getArrayOfReadPointers(), numOutputs, bufferSize);

    patchInUse.store (false);
}

void VirtualAudioIODevice::run()
{
    const auto periodNanos = (juce::int64) (1.0e9 * bufferSize / sampleRate);
    const auto numInputs = activeInputs.countNumberOfSetBits();
    const auto numOutputs = activeOutputs.countNumberOfSetBits();
    auto deadline = getMonotonicNanos();

    while (! threadShouldExit())
    {
        deliverBlock (numInputs, numOutputs);

        if (! options.realtimePacing)
            continue;

        deadline += periodNanos;
        const auto now = getMonotonicNanos();

        if (now > deadline + periodNanos)
        {
            ++xruns;
            deadline = now;
            continue;
        }

        std::this_thread::sleep_for (std::chrono::nanoseconds (deadline - now));
    }
}

//==============================================================================
VirtualAudioIODeviceType::VirtualAudioIODeviceType()
    : VirtualAudioIODeviceType (VirtualAudioIODevice::Options {})
{
}

VirtualAudioIODeviceType::VirtualAudioIODeviceType (VirtualAudioIODevice::Options deviceOptions)
    : juce::AudioIODeviceType (VirtualAudioIODevice::typeName),
      options (deviceOptions)
{
}

void VirtualAudioIODeviceType::setExtraFormat (double sampleRate, int bufferSize) noexcept
{
    options.extraSampleRate = sampleRate;
    options.extraBufferSize = bufferSize;
}

juce::AudioIODevice* VirtualAudioIODeviceType::createDevice (const juce::String& outputName, const juce::String& inputName)
{
    const auto matches = [] (const juce::String& name)
    { return name.isEmpty() || name == VirtualAudioIODevice::deviceName; };
    return matches (outputName) && matches (inputName) ? new VirtualAudioIODevice (options) : nullptr;
}

} // namespace wavecraft
