#include <sys/stat.h>

namespace wavecraft
{

HostSession::HostSession()
    : ownDeviceManager (std::make_unique<juce::AudioDeviceManager>()),
      engine (*ownDeviceManager)
{
    engine.addListener (this);
    faultInbox->owner = this;
}

HostSession::HostSession (juce::AudioDeviceManager& deviceManager)
    : engine (deviceManager)
{
    engine.addListener (this);
    faultInbox->owner = this;
}

HostSession::~HostSession()
{
    stop(); // a crash in the last build's drop() is still logged

    {
        const std::lock_guard<std::mutex> lock (faultInbox->lock);
        faultInbox->owner = nullptr;
    }

    engine.removeListener (this);
}

juce::String HostSession::start (const Options& options)
{
    JUCE_ASSERT_MESSAGE_THREAD
    auto error = setInputSource (options.inputSource);

    if (error.isNotEmpty())
        return error;

    if (error = engine.start (options.device); error.isNotEmpty())
        return describeStartError (error, Diagnostic::Subject::device, Diagnostic::Fields::deviceType, options.device.deviceType);

    analyser.start();

    if (options.recordFile != juce::File())
    {
        if (error = analyser.startRecording (options.recordFile); error.isNotEmpty())
        {
            stop();
            return describeStartError (error, Diagnostic::Subject::recording, Diagnostic::Fields::file,
                                       options.recordFile.getFullPathName());
        }
    }

    pluginFile = options.plugin;
    isolation = options.isolation;

    if (isolation == PluginIsolation::childProcess && ! PluginWorker::canRunWorkers())
    {
        juce::Logger::writeToLog ("the plugin runs in this process, without crash isolation: this app's main() does not "
                                  "start plugin workers (see wavecraft::PluginWorker)");
        isolation = PluginIsolation::inProcess;
    }

    reloadPlugin();
    fileWatch = std::make_unique<FileChangeWatcher> (pluginFile);
    fileWatch->onChange = [this]
    { pluginFileChanged(); };

    // Polling only where the file system can't tell: a poll can't know that
    // a writer which paused is not done, a notice of the closed file can.
    if (! fileWatch->start())
        startTimer (watchIntervalMs);

    return {};
}

juce::String HostSession::setInputSource (const juce::String& spec)
{
    JUCE_ASSERT_MESSAGE_THREAD

    // The swap takes the lock the stuck audio thread holds.
    if (engine.isAudioThreadStuck())
        return "the input source can't change while the plugin hangs in process(); fix and rebuild it first";

    juce::String error;
    auto source = InputSource::fromSpec (spec, error);

    if (error.isNotEmpty())
        return describeStartError (error, Diagnostic::Subject::inputSource, Diagnostic::Fields::inputSource, spec);

    auto previous = engine.setInputSource (std::move (source));
    previous.reset(); // here, on the message thread
    inputSourceSpec = spec;
    return {};
}

void HostSession::setResizeHandler (ResizeHandler* handler)
{
    const std::lock_guard<std::mutex> lock (resizeLock);
    resizeHandler = handler;
}

bool HostSession::requestResize (int width, int height)
{
    const std::lock_guard<std::mutex> lock (resizeLock);
    return resizeHandler != nullptr && resizeHandler->resizeRequested (width, height);
}

juce::String HostSession::describeStartError (const juce::String& message, Diagnostic::Subject subject, const char* field,
                                              const juce::String& value) const
{
    Diagnostic diagnostic { DiagnosticCode::unknown, message, {}, {} };
    diagnostic.subject = subject;
    diagnostic.fields.set (field, value);
    return DiagnosticHints::apply (hints, std::move (diagnostic)).describe();
}

void HostSession::setDiagnosticHints (const DiagnosticHints* newHints)
{
    hints = newHints;
    engine.setDiagnosticHints (newHints);
}

void HostSession::stop()
{
    JUCE_ASSERT_MESSAGE_THREAD
    stopTimer();
    fileWatch.reset();
    engine.stop();
    analyser.stop();
    analyser.stopRecording();

    // Dropped here, on the message thread, never on the audio thread; a
    // crash in the plugin's drop() is still logged (only: no plugin runs).
    pluginInfo.reset();
    engine.setPlugin (nullptr);
    handleUpdateNowIfNeeded();
    replaceParameters (nullptr);
    lastGoodParameters.reset();
    library.reset();
}

std::shared_ptr<ParameterStore> HostSession::getParameters() const
{
    const std::lock_guard<std::mutex> lock (parametersLock);
    return parameters;
}

void HostSession::replaceParameters (std::shared_ptr<ParameterStore> newParameters)
{
    const std::lock_guard<std::mutex> lock (parametersLock);
    parameters = std::move (newParameters);
}

bool HostSession::setParameter (const juce::String& id, float value, const void* origin)
{
    const auto store = getParameters();
    const auto index = store != nullptr ? store->indexOf (id) : -1;

    if (index < 0)
        return false;

    store->setValue (index, value);
    listeners.call ([&] (Listener& l)
                    { l.parameterChanged (id, store->getValue (index), origin); });
    return true;
}

void HostSession::audioStatusChanged (const AudioStatus& status)
{
    listeners.call ([&] (Listener& l)
                    { l.audioStatusChanged (status); });
}

void HostSession::audioClientRegistered (const juce::String& clientId, double sampleRate, int bufferSize)
{
    juce::Logger::writeToLog ("audio client '" + clientId + "' registered (" + juce::String (sampleRate) + " Hz, "
                              + juce::String (bufferSize) + " frames)");
}

bool HostSession::reloadPlugin()
{
    JUCE_ASSERT_MESSAGE_THREAD

    if (engine.isAudioThreadStuck())
    {
        // In this process the stuck audio thread holds the plugin: a swap
        // would wait for it forever. The watch tries again once it returns.
        if (! toldOfHang)
            juce::Logger::writeToLog ("a new build can't be swapped in while the running one hangs in process(); "
                                      "it is loaded as soon as that returns, or restart the host");

        toldOfHang = true;
        return false;
    }

    toldOfHang = false;
    loadedStamp = pendingStamp = stampOf (pluginFile);
    ++numLoads;

    PluginLoadError error;
    auto plugin = loadPlugin (error);

    if (plugin == nullptr)
    {
        showLoadFailure (error);
        return false;
    }

    carryValuesOver (*plugin->parameters);
    lastGoodParameters = plugin->parameters;
    replaceParameters (plugin->parameters);
    library = plugin->library;
    pluginInfo = plugin->getInfo();
    auto previous = engine.setPlugin (std::move (plugin));
    previous.reset(); // dropped here, on the message thread

    loadError.reset();
    engine.setPluginDiagnostic (std::nullopt);
    listeners.call ([] (Listener& l)
                    { l.parametersReplaced(); });
    return true;
}

std::unique_ptr<LoadedPlugin> HostSession::loadPlugin (PluginLoadError& error)
{
    if (isolation == PluginIsolation::inProcess)
        return LoadedPlugin::load (pluginFile, error);

    IsolatedPluginInstance::Options options;
    options.onFault = [inbox = faultInbox, load = numLoads] (const PluginFault& fault)
    {
        const std::lock_guard<std::mutex> lock (inbox->lock);
        inbox->faults.emplace_back (load, fault);

        if (inbox->owner != nullptr)
            inbox->owner->triggerAsyncUpdate();
    };

    return IsolatedPluginInstance::load (pluginFile, options, error);
}

void HostSession::handleAsyncUpdate()
{
    std::vector<std::pair<int, PluginFault>> faults;

    {
        const std::lock_guard<std::mutex> lock (faultInbox->lock);
        std::swap (faults, faultInbox->faults);
    }

    for (const auto& [load, fault] : faults)
    {
        juce::Logger::writeToLog (fault.describe());

        // A build that was already replaced (one crashing in drop()) is only logged.
        if (load == numLoads && pluginInfo.has_value())
            engine.setPluginDiagnostic (fault.toDiagnostic());
    }
}

void HostSession::showLoadFailure (const PluginLoadError& error)
{
    // The file on disk is what the developer wants to hear, so a broken
    // build replaces the old one with silence and a diagnostic; the watch
    // picks up the fix.
    engine.setPlugin (nullptr);
    replaceParameters (nullptr); // lastGoodParameters keeps the values for the fixed build
    library.reset();
    pluginInfo.reset();
    loadError = error;
    auto diagnostic = error.toDiagnostic();
    diagnostic.fields.set (Diagnostic::Fields::file, pluginFile.getFullPathName());
    engine.setPluginDiagnostic (std::move (diagnostic));
    listeners.call ([] (Listener& l)
                    { l.parametersReplaced(); });
}

void HostSession::carryValuesOver (ParameterStore& next) const
{
    // Where the id and the value still fit, also across broken builds in between.
    if (lastGoodParameters == nullptr)
        return;

    for (int i = 0; i < lastGoodParameters->size(); ++i)
    {
        const auto value = lastGoodParameters->getValue (i);
        const auto index = next.indexOf (lastGoodParameters->getSpecs()[(size_t) i].id);

        if (index >= 0 && next.getSpecs()[(size_t) index].checkValue (value).isEmpty())
            next.setValue (index, value);
    }
}

HostSession::FileStamp HostSession::stampOf (const juce::File& file)
{
    struct stat info;

    if (::stat (file.getFullPathName().toRawUTF8(), &info) != 0)
        return {};

#if JUCE_MAC
    const auto& modified = info.st_mtimespec;
#else
    const auto& modified = info.st_mtim;
#endif

    return { (juce::int64) modified.tv_sec * 1000000000 + (juce::int64) modified.tv_nsec, (juce::int64) info.st_size,
             (juce::uint64) info.st_ino };
}

void HostSession::pluginFileChanged()
{
    // Told after a rename over the file or the close of a write to it: the
    // new build is whole, so there is nothing to wait for.
    if (stampOf (pluginFile) != loadedStamp)
        reloadPlugin();
}

void HostSession::timerCallback()
{
    // Reload once the file has stopped changing for one interval, so a build
    // that writes the library in several steps is read whole.
    const auto stamp = stampOf (pluginFile);

    if (stamp != pendingStamp)
    {
        pendingStamp = stamp;
        return;
    }

    if (stamp != loadedStamp)
        reloadPlugin();
}

} // namespace wavecraft
