#if JUCE_LINUX || JUCE_BSD
#include <dlfcn.h>
#endif

namespace wavecraft
{

namespace
{
    void ignoreJackMessage (const char*) {}

    /** libjack prints "Cannot connect to server socket ..." to stderr each
        time JUCE looks for a server that isn't running, which is the normal
        case without JACK. Load it first (JUCE's own dlopen then gets the same
        handle) and send its messages nowhere: the status says what matters.
        WAVECRAFT_JACK_VERBOSE=1 keeps them.
    */
    void quietenLibJack()
    {
#if JUCE_LINUX || JUCE_BSD
        if (juce::SystemStats::getEnvironmentVariable ("WAVECRAFT_JACK_VERBOSE", {}).isNotEmpty())
            return;

        // Never closed: the handle stays with the process, as JUCE's does.
        if (auto* jack = dlopen ("libjack.so.0", RTLD_LAZY))
        {
            using SetHandlerFn = void (*) (void (*) (const char*));

            for (auto* name : { "jack_set_error_function", "jack_set_info_function" })
                if (auto* setHandler = reinterpret_cast<SetHandlerFn> (dlsym (jack, name)))
                    setHandler (ignoreJackMessage);
        }
#endif
    }

    /** Adds the Virtual device type once. The manager's own types come first:
        it creates them only while it has none.
    */
    void addVirtualDeviceType (juce::AudioDeviceManager& manager)
    {
        quietenLibJack();

        for (auto* type : manager.getAvailableDeviceTypes())
            if (type->getTypeName() == VirtualAudioIODevice::typeName)
                return;

        manager.addAudioDeviceType (std::make_unique<VirtualAudioIODeviceType>());
    }
} // namespace

namespace
{
    /** The first two inputs and outputs; a device with fewer opens what it has.
        (The defaults would ask the manager, which was never told we want inputs.)
    */
    void useStereo (juce::AudioDeviceManager::AudioDeviceSetup& setup)
    {
        setup.useDefaultInputChannels = setup.useDefaultOutputChannels = false;
        setup.inputChannels.clear();
        setup.inputChannels.setRange (0, 2, true);
        setup.outputChannels.clear();
        setup.outputChannels.setRange (0, 2, true);
    }
} // namespace

AudioEngine::AudioEngine (juce::AudioDeviceManager& manager)
    : deviceManager (manager)
{
    status.updatedAtMs = juce::Time::currentTimeMillis();
    addVirtualDeviceType (deviceManager);
    deviceManager.addChangeListener (this);
}

AudioEngine::~AudioEngine()
{
    deviceManager.removeChangeListener (this);
    stop();
}

juce::Result AudioEngine::start (const DeviceOptions& newOptions)
{
    WAVECRAFT_ASSERT_MESSAGE_THREAD;
    stop();

    options = newOptions;
    deviceDiagnostic.reset();
    unhonouredRequest.reset();
    deviceLost = false;

    if (options.deviceType.isEmpty() && deviceManager.getCurrentAudioDevice() != nullptr)
    {
        // The app's device, as it is.
        openedDevice = false;
        lastSetup = deviceManager.getAudioDeviceSetup();
        lastDeviceType = deviceManager.getCurrentAudioDeviceType();
    }
    else if (auto error = openRequestedDevice(); error.isNotEmpty())
    {
        deviceManager.closeAudioDevice();
        return juce::Result::fail (error);
    }
    else
    {
        openedDevice = true;
    }

    started = true;
    openedAtMicros = getMonotonicMicros();
    checkRequestHonoured();
    deviceManager.addAudioCallback (&callback);
    startTimer (watchdogIntervalMs);
    updateStatus();
    return juce::Result::ok();
}

void AudioEngine::stop()
{
    WAVECRAFT_ASSERT_MESSAGE_THREAD;
    stopTimer();
    deviceManager.removeAudioCallback (&callback);

    if (std::exchange (openedDevice, false))
        deviceManager.closeAudioDevice();

    started = false;
    updateStatus();
}

juce::String AudioEngine::openRequestedDevice()
{
    if (options.deviceType.isEmpty())
        return openDefaultDevice();

    juce::String error;
    auto* type = findRequestedType (error);

    if (type == nullptr)
        return error;

    if (type->getTypeName() == VirtualAudioIODevice::typeName)
        return openVirtualDevice() ? juce::String() : "the Virtual audio device failed to open";

    type->scanForDevices();

    for (const auto isInput : { true, false })
        if (error = checkDeviceName (*type, isInput ? options.inputDevice : options.outputDevice, isInput); error.isNotEmpty())
            return error;

    openDeviceOfType (*type);
    return {};
}

juce::String AudioEngine::openDefaultDevice()
{
    // The platform's default device first; with no hardware, the clock.
    deviceManager.initialiseWithDefaultDevices (2, 2);

    if (deviceManager.getCurrentAudioDevice() == nullptr)
        return openVirtualDevice() ? juce::String() : "the Virtual audio device failed to open";

    if (options.sampleRate > 0.0 || options.bufferSize > 0)
    {
        auto setup = deviceManager.getAudioDeviceSetup();
        setup.sampleRate = options.sampleRate > 0.0 ? options.sampleRate : setup.sampleRate;
        setup.bufferSize = options.bufferSize > 0 ? options.bufferSize : setup.bufferSize;
        deviceManager.setAudioDeviceSetup (setup, true);
    }

    lastSetup = deviceManager.getAudioDeviceSetup();
    lastDeviceType = deviceManager.getCurrentAudioDeviceType();
    return {};
}

juce::AudioIODeviceType* AudioEngine::findRequestedType (juce::String& error) const
{
    juce::StringArray typeNames;

    for (auto* candidate : deviceManager.getAvailableDeviceTypes())
    {
        if (candidate->getTypeName().equalsIgnoreCase (options.deviceType))
            return candidate;

        typeNames.add (candidate->getTypeName());
    }

    error = "no audio device type '" + options.deviceType + "'; this machine has: " + typeNames.joinIntoString (", ");
    return nullptr;
}

juce::String AudioEngine::checkDeviceName (juce::AudioIODeviceType& type, const juce::String& name, bool isInput)
{
    const auto names = type.getDeviceNames (isInput);

    // With no devices listed (a server that is down) the name can't be checked yet.
    if (name.isEmpty() || names.isEmpty() || names.contains (name))
        return {};

    return "the " + type.getTypeName() + " " + (isInput ? "input" : "output") + " device '" + name
        + "' does not exist; there are: " + names.joinIntoString (", ");
}

void AudioEngine::offerRequestedFormat (juce::AudioIODeviceType& type) const
{
    // Before the type makes its device: the manager picks from its lists.
    if (auto* virtualType = dynamic_cast<VirtualAudioIODeviceType*> (&type))
        virtualType->setExtraFormat (options.sampleRate, options.bufferSize);
}

void AudioEngine::checkRequestHonoured()
{
    auto* device = deviceManager.getCurrentAudioDevice();
    openedSetup = deviceManager.getAudioDeviceSetup();

    if (device == nullptr || ! openedDevice)
        return;

    // The Virtual device takes anything in its range; a real one lists what it takes.
    const auto isVirtual = device->getTypeName() == VirtualAudioIODevice::typeName;
    const auto listOf = [isVirtual] (const auto& values, auto lowest, auto highest, const char* unit)
    {
        if (isVirtual)
            return "any from " + juce::String (lowest) + " to " + juce::String (highest) + " " + unit;

        juce::StringArray items;

        for (const auto value : values)
            items.add (juce::String (value));

        return items.joinIntoString (", ") + " " + unit;
    };

    juce::StringArray refused, offers, fields;

    if (options.sampleRate > 0.0 && std::abs (device->getCurrentSampleRate() - options.sampleRate) > 0.5)
    {
        refused.add ("at " + juce::String (device->getCurrentSampleRate()) + " Hz, not the " + juce::String (options.sampleRate) + " Hz asked for");
        fields.add ("sampleRate");
        offers.add ("rates: " + listOf (device->getAvailableSampleRates(), VirtualAudioIODevice::minSampleRate, VirtualAudioIODevice::maxSampleRate, "Hz"));
    }

    if (options.bufferSize > 0 && device->getCurrentBufferSizeSamples() != options.bufferSize)
    {
        refused.add ("in blocks of " + juce::String (device->getCurrentBufferSizeSamples()) + " frames, not the " + juce::String (options.bufferSize)
                     + " asked for");
        fields.add ("bufferSize");
        offers.add ("blocks: " + listOf (device->getAvailableBufferSizes(), VirtualAudioIODevice::minBufferSize, VirtualAudioIODevice::maxBufferSize, "frames"));
    }

    if (refused.isEmpty())
        return;

    // Said once, by the status (a log line where the app logs it), not here as well.
    const auto message = "the " + device->getTypeName() + " device '" + device->getName() + "' runs " + refused.joinIntoString (" and ")
        + "; it offers " + offers.joinIntoString ("; ");
    unhonouredRequest = makeDeviceDiagnostic (DiagnosticCode::unknown, device->getTypeName(), device->getName(), message,
                                              "choose " + juce::String (fields.size() == 2 ? "a rate and block size" : (fields[0] == "sampleRate" ? "a rate" : "a block size"))
                                                  + " the device offers, or another device");
    unhonouredRequest->fields.set (Diagnostic::Fields::refused, fields.joinIntoString (","));
}

void AudioEngine::openDeviceOfType (juce::AudioIODeviceType& type)
{
    offerRequestedFormat (type);
    deviceManager.setCurrentAudioDeviceType (type.getTypeName(), true);

    juce::AudioDeviceManager::AudioDeviceSetup setup;
    setup.inputDeviceName = options.inputDevice.isNotEmpty() ? options.inputDevice
                                                             : type.getDeviceNames (true)[type.getDefaultDeviceIndex (true)];
    setup.outputDeviceName = options.outputDevice.isNotEmpty() ? options.outputDevice
                                                               : type.getDeviceNames (false)[type.getDefaultDeviceIndex (false)];
    setup.sampleRate = options.sampleRate;
    setup.bufferSize = options.bufferSize;
    useStereo (setup);

    lastSetup = setup;
    lastDeviceType = type.getTypeName();

    const auto error = deviceManager.setAudioDeviceSetup (setup, true);

    if (error.isNotEmpty() || deviceManager.getCurrentAudioDevice() == nullptr)
    {
        // Not an error: a server that is down comes back, and the watchdog retries.
        deviceLost = true;
        deviceDiagnostic = makeDeviceDiagnostic (DiagnosticCode::streamStartFailed, lastDeviceType, setup.outputDeviceName,
                                                 "could not open the " + lastDeviceType + " device"
                                                     + (setup.outputDeviceName.isNotEmpty() ? " '" + setup.outputDeviceName + "'" : juce::String())
                                                     + (error.isNotEmpty() ? ": " + error : juce::String (": it lists no devices")),
                                                 lastDeviceType == "JACK" ? "is the JACK server running? The host keeps retrying"
                                                                          : "check the device; the host keeps retrying");
    }
}

Diagnostic AudioEngine::makeDeviceDiagnostic (DiagnosticCode code, const juce::String& deviceType, const juce::String& deviceName,
                                              const juce::String& message, const juce::String& hint)
{
    Diagnostic diagnostic { code, message, hint, {} };
    diagnostic.subject = Diagnostic::Subject::device;
    diagnostic.fields.set (Diagnostic::Fields::deviceType, deviceType);
    diagnostic.fields.set (Diagnostic::Fields::deviceName, deviceName);
    return diagnostic;
}

bool AudioEngine::openVirtualDevice()
{
    for (auto* type : deviceManager.getAvailableDeviceTypes())
        if (type->getTypeName() == VirtualAudioIODevice::typeName)
            offerRequestedFormat (*type);

    deviceManager.setCurrentAudioDeviceType (VirtualAudioIODevice::typeName, true);

    juce::AudioDeviceManager::AudioDeviceSetup setup;
    setup.inputDeviceName = setup.outputDeviceName = VirtualAudioIODevice::deviceName;
    setup.sampleRate = options.sampleRate > 0.0 ? options.sampleRate : 48000.0;
    setup.bufferSize = options.bufferSize > 0 ? options.bufferSize : 512;
    useStereo (setup);

    lastSetup = setup;
    lastDeviceType = VirtualAudioIODevice::typeName;
    return deviceManager.setAudioDeviceSetup (setup, true).isEmpty() && deviceManager.getCurrentAudioDevice() != nullptr;
}

bool AudioEngine::reopenDevice()
{
    deviceManager.closeAudioDevice();

    if (deviceManager.getCurrentAudioDeviceType() != lastDeviceType)
        deviceManager.setCurrentAudioDeviceType (lastDeviceType, true);

    for (auto* type : deviceManager.getAvailableDeviceTypes())
        if (type->getTypeName() == lastDeviceType)
            type->scanForDevices();

    const auto error = deviceManager.setAudioDeviceSetup (lastSetup, true);
    auto* device = deviceManager.getCurrentAudioDevice();
    return error.isEmpty() && device != nullptr && device->isOpen();
}

double AudioEngine::getBlockMicros() const
{
    auto* device = deviceManager.getCurrentAudioDevice();
    return device != nullptr ? 1.0e6 * device->getCurrentBufferSizeSamples() / juce::jmax (1.0, device->getCurrentSampleRate()) : 0.0;
}

std::unique_ptr<juce::AudioProcessor> AudioEngine::setProcessor (std::unique_ptr<juce::AudioProcessor> processor)
{
    WAVECRAFT_ASSERT_MESSAGE_THREAD;
    jassert (! isAudioThreadStuck()); // the swap would wait for the stuck audio thread
    health.processorChanged();
    auto previous = callback.getPlayer().setProcessor (std::move (processor));
    updateStatus();
    return previous;
}

bool AudioEngine::deviceIsDelivering() const
{
    auto* device = deviceManager.getCurrentAudioDevice();

    if (device == nullptr || ! device->isOpen() || ! device->isPlaying())
        return false;

    const auto limit = (juce::int64) juce::jmax (750000.0, 10.0 * getBlockMicros());
    const auto lastSign = juce::jmax (openedAtMicros, callback.getLastCallbackMicros());
    return getMonotonicMicros() - lastSign < limit;
}

void AudioEngine::timerCallback()
{
    if (! started)
        return;

    health.check (callback.getCounters(), getBlockMicros() / 1.0e6); // the status below says it

    // Only tried, so safe whatever the audio thread is doing. A build faded
    // out goes even while the current one hangs: an old one that hangs too
    // is ended with it, and frees its core.
    if (auto fadedOut = callback.getPlayer().collectFadedOutProcessor(); fadedOut != nullptr && fadedOutHandler != nullptr)
        fadedOutHandler (std::move (fadedOut));
    // else destroyed here, on the message thread

    // A plugin stuck on the audio thread (in-process) stops the callbacks
    // too: that is the plugin's doing, never the device's. An isolated one
    // that hangs leaves the callbacks going, and the device is watched as ever.
    if (health.isAudioThreadStuck())
    {
        updateStatus();
        return;
    }

    if (! deviceLost && ! deviceIsDelivering())
    {
        deviceLost = true;
        deviceDiagnostic = makeDeviceDiagnostic (DiagnosticCode::streamStartFailed, lastDeviceType, lastSetup.outputDeviceName,
                                                 "the " + lastDeviceType + " device '" + lastSetup.outputDeviceName
                                                     + "' stopped delivering audio",
                                                 "the host keeps serving and reopens the device when it returns");
        lastReopenAttemptMs = getMonotonicMillis();
    }

    if (deviceLost && getMonotonicMillis() - lastReopenAttemptMs >= reopenIntervalMs)
    {
        lastReopenAttemptMs = getMonotonicMillis();

        if (reopenDevice())
        {
            deviceLost = false;
            deviceDiagnostic.reset();
            openedAtMicros = getMonotonicMicros();
        }
    }

    updateStatus();
}

void AudioEngine::changeListenerCallback (juce::ChangeBroadcaster*)
{
    followManagersDevice();
}

void AudioEngine::followManagersDevice()
{
    if (! started)
        return;

    // A device picked through the manager (by the app, a settings panel, or
    // the engine itself) is the one to report, and to reopen after a loss.
    if (auto* device = deviceManager.getCurrentAudioDevice(); device != nullptr && device->isOpen() && device->isPlaying())
    {
        const auto setup = deviceManager.getAudioDeviceSetup();
        const auto type = deviceManager.getCurrentAudioDeviceType();

        if (type != lastDeviceType || setup != lastSetup)
            openedAtMicros = getMonotonicMicros(); // a new device gets its start-up time before the watchdog judges it

        // Another rate or block size chosen since (a settings panel): the
        // refused request is history.
        if (unhonouredRequest.has_value() && (setup.sampleRate != openedSetup.sampleRate || setup.bufferSize != openedSetup.bufferSize))
            unhonouredRequest.reset();

        lastSetup = setup;
        lastDeviceType = type;
    }

    updateStatus();
}

void AudioEngine::setPluginDiagnostic (std::optional<Diagnostic> diagnostic)
{
    WAVECRAFT_ASSERT_MESSAGE_THREAD;
    health.setFault (std::move (diagnostic));
    updateStatus();
}

std::unique_ptr<InputSource> AudioEngine::setInputSource (std::unique_ptr<InputSource> source)
{
    WAVECRAFT_ASSERT_MESSAGE_THREAD;
    usesInputSource = source != nullptr;
    auto previous = callback.setInputSource (std::move (source));
    updateStatus();
    return previous;
}

void AudioEngine::updateStatus()
{
    AudioStatus next;
    auto* device = deviceManager.getCurrentAudioDevice();

    if (! started)
    {
        next.phase = AudioPhase::disabled;
    }
    else if (deviceLost || device == nullptr)
    {
        next.phase = AudioPhase::degraded;
        next.diagnostic = deviceDiagnostic;
    }
    else
    {
        next = statusOfRunning (*device);

        if (! next.diagnostic.has_value())
            next.diagnostic = unhonouredRequest;
    }

    if (started)
        health.applyTo (next);

    if (next.diagnostic.has_value())
        next.diagnostic = DiagnosticHints::apply (hints, std::move (*next.diagnostic));

    // After the app's hints: whose a failure is decides what to do about it.
    if (pluginDiagnosticDescriber != nullptr && next.diagnostic.has_value() && next.diagnostic->subject == Diagnostic::Subject::plugin)
        pluginDiagnosticDescriber (next);

    setStatus (std::move (next));
}

AudioStatus AudioEngine::statusOfRunning (juce::AudioIODevice& device) const
{
    AudioStatus next;
    const auto numInputs = device.getActiveInputChannels().countNumberOfSetBits();
    const auto numOutputs = device.getActiveOutputChannels().countNumberOfSetBits();
    next.sampleRate = device.getCurrentSampleRate();
    next.bufferSize = device.getCurrentBufferSizeSamples();
    const auto describe = [&device]
    { return "the " + device.getTypeName() + " device '" + device.getName() + "'"; };

    if (numOutputs > 0 && (numInputs > 0 || usesInputSource))
    {
        next.phase = AudioPhase::runningFullDuplex;
    }
    else if (numOutputs > 0)
    {
        next.phase = AudioPhase::degraded;
        next.diagnostic = makeDeviceDiagnostic (DiagnosticCode::noInputDevice, device.getTypeName(), device.getName(),
                                                describe() + " has no input: the plugin hears silence",
                                                "feed the plugin from an input source (a sine, noise, a file), or choose a device with inputs");
    }
    else if (numInputs > 0)
    {
        next.phase = AudioPhase::runningInputOnly;
        next.diagnostic = makeDeviceDiagnostic (DiagnosticCode::noOutputDevice, device.getTypeName(), device.getName(),
                                                "no output device: the plugin runs for metering only",
                                                "choose a device with outputs to hear it");
    }
    else
    {
        next.phase = AudioPhase::degraded;
        next.diagnostic = makeDeviceDiagnostic (DiagnosticCode::streamStartFailed, device.getTypeName(), device.getName(),
                                                describe() + " opened with no channels", "choose another device");
    }

    return next;
}

void AudioEngine::setDiagnosticHints (const DiagnosticHints* newHints)
{
    WAVECRAFT_ASSERT_MESSAGE_THREAD;
    hints = newHints;
    updateStatus();
}

void AudioEngine::setStatus (AudioStatus next)
{
    if (! next.differsFrom (status))
        return;

    next.updatedAtMs = juce::Time::currentTimeMillis();
    status = std::move (next);
    listeners.call ([this] (Listener& l)
                    { l.audioStatusChanged (status); });
}

int AudioEngine::getXRunCount() const
{
    auto* device = deviceManager.getCurrentAudioDevice();
    return device != nullptr ? juce::jmax (0, device->getXRunCount()) : 0;
}

juce::String AudioEngine::describeDevice() const
{
    auto* device = deviceManager.getCurrentAudioDevice();

    if (device == nullptr)
        return "no device";

    auto text = device->getTypeName() + ": " + device->getName() + " ("
        + juce::String (device->getActiveInputChannels().countNumberOfSetBits()) + " in, "
        + juce::String (device->getActiveOutputChannels().countNumberOfSetBits()) + " out, "
        + juce::String (device->getCurrentSampleRate(), 0) + " Hz, "
        + juce::String (device->getCurrentBufferSizeSamples()) + " frames)";

    // The plugin gets two channels; say so once, where the device is named.
    if (const auto numInputs = device->getInputChannelNames().size(); numInputs > 2)
        text << "; it has " << numInputs << " inputs, and only the first two reach the plugin";

    return text;
}

} // namespace wavecraft
