namespace wavecraft
{

HostSession::HostSession()
    : ownDeviceManager (std::make_unique<juce::AudioDeviceManager>()),
      engine (*ownDeviceManager)
{
    initialise();
}

HostSession::HostSession (juce::AudioDeviceManager& deviceManager)
    : engine (deviceManager)
{
    initialise();
}

void HostSession::initialise()
{
    engine.addListener (this);
    workerInbox->owner = this;
    weakThis = this; // made here, so other threads only copy it

    // A build faded out after a swap may be the previous one, kept for an A/B.
    engine.setFadedOutHandler ([this] (std::unique_ptr<juce::AudioProcessor> processor)
                               { previousBuild.takeBack (std::move (processor)); });
}

HostSession::~HostSession()
{
    stop(); // a crash in the last build's drop() is still logged

    {
        const std::lock_guard<std::mutex> lock (workerInbox->lock);
        workerInbox->owner = nullptr;
    }

    engine.removeListener (this);
}

juce::Result HostSession::start (const Options& options)
{
    WAVECRAFT_ASSERT_MESSAGE_THREAD;
    if (auto result = setInputSource (options.inputSource); result.failed())
        return result;

    if (auto result = engine.start (options.device); result.failed())
        return juce::Result::fail (describeStartError (result.getErrorMessage(), Diagnostic::Subject::device,
                                                       Diagnostic::Fields::deviceType, options.device.deviceType));

    // The recording starts before the analyser reads: the blocks the device
    // made meanwhile wait in the tap's FIFO, so the file has every one.
    if (options.recordFile != juce::File())
    {
        if (auto result = analyser.startRecording (options.recordFile); result.failed())
        {
            stop();
            return juce::Result::fail (describeStartError (result.getErrorMessage(), Diagnostic::Subject::recording,
                                                           Diagnostic::Fields::file, options.recordFile.getFullPathName()));
        }
    }

    analyser.start();

    pluginFile = options.plugin;
    buildFile = watchedFileOf (pluginFile);
    isolation = options.isolation;

    if (isolation == PluginIsolation::childProcess && ! PluginWorker::canRunWorkers())
    {
        juce::Logger::writeToLog ("the plugin runs in this process, without crash isolation: this app's main() does not "
                                  "start plugin workers (see wavecraft::PluginWorker)");
        isolation = PluginIsolation::inProcess;
    }

    if (isolation == PluginIsolation::childProcess && options.checkEachBuild)
        buildChecker = std::make_unique<BuildChecker> (IsolatedPluginInstance::Options {},
                                                       [inbox = workerInbox] (const BuildChecker::Result& result)
                                                       {
                                                           const std::lock_guard<std::mutex> lock (inbox->lock);
                                                           inbox->buildChecks.push_back (result);

                                                           if (inbox->owner != nullptr)
                                                               inbox->owner->triggerAsyncUpdate();
                                                       });

    reloadPlugin();
    watchBuildFile();
    return juce::Result::ok();
}

juce::Result HostSession::setInputSource (const juce::String& spec)
{
    WAVECRAFT_ASSERT_MESSAGE_THREAD;

    // The swap takes the lock the stuck audio thread holds.
    if (engine.isAudioThreadStuck())
        return juce::Result::fail ("the input source can't change while the plugin hangs in process(); fix and rebuild it first");

    juce::String error;
    auto source = InputSource::fromSpec (spec, error);

    if (error.isNotEmpty())
        return juce::Result::fail (describeStartError (error, Diagnostic::Subject::inputSource, Diagnostic::Fields::inputSource, spec));

    auto previous = engine.setInputSource (std::move (source));
    previous.reset(); // here, on the message thread
    inputSourceSpec = spec;
    return juce::Result::ok();
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
    WAVECRAFT_ASSERT_MESSAGE_THREAD;
    hints = newHints;
    engine.setDiagnosticHints (newHints);
}

void HostSession::stop()
{
    WAVECRAFT_ASSERT_MESSAGE_THREAD;
    stopTimer();
    fileWatch.reset();
    buildChecker.reset();

    if (responseMeasurer != nullptr)
        responseMeasurer->clearBuild();
    engine.stop();
    analyser.stop();
    analyser.stopRecording();

    // Dropped here, on the message thread, never on the audio thread; a
    // crash in the plugin's drop() is still logged (only: no plugin runs).
    pluginInfo.reset();
    serve (nullptr);

    if (std::exchange (instance, nullptr) != nullptr)
        tellParametersReplaced(); // a window's controls let go of its parameters

    reportOn (nullptr);

    forgetPreviousBuild();
    engine.setPluginDiagnostic (std::nullopt); // not said again by a restart
    engine.setProcessor (nullptr).reset();
    updateBuilds();
    handleUpdateNowIfNeeded();
    lastGoodParameters.reset();
    SpareWorker::release();
}

std::shared_ptr<ParameterStore> HostSession::getParameters() const
{
    const juce::ScopedLock lock (parametersLock);
    return served != nullptr ? served->getStore() : nullptr;
}

std::unique_ptr<ProcessorParameters> HostSession::serve (std::unique_ptr<ProcessorParameters> next)
{
    WAVECRAFT_ASSERT_MESSAGE_THREAD;

    if (next != nullptr)
        next->onProcessorChange = [this] (const juce::String& id, float value)
        { processorChangedParameter (id, value); };

    // Swapped under the lock, destroyed after it: no setter reaches the old
    // processor from here on.
    const juce::ScopedLock lock (parametersLock);
    std::swap (served, next);
    return next;
}

bool HostSession::setParameter (const juce::String& id, float value, const void* origin)
{
    std::optional<float> taken;

    {
        const juce::ScopedLock lock (parametersLock);

        if (served != nullptr)
            taken = served->setValue (id, value);

        // The previous build plays at the same values, heard or not.
        if (taken.has_value())
            previousBuild.setValue (id, *taken);
    }

    if (! taken.has_value())
        return false;

    if (responseMeasurer != nullptr)
        responseMeasurer->valuesChanged();

    listeners.call ([&] (Listener& l)
                    { l.parameterChanged (id, *taken, origin); });
    return true;
}

void HostSession::processorChangedParameter (const juce::String& id, float value)
{
    if (responseMeasurer != nullptr)
        responseMeasurer->valuesChanged();

    listeners.call ([&] (Listener& l)
                    { l.parameterChanged (id, value, nullptr); });
}

void HostSession::audioStatusChanged (const AudioStatus& status)
{
    if (responseMeasurer != nullptr)
        responseMeasurer->setSampleRate (status.sampleRate);

    listeners.call ([&] (Listener& l)
                    { l.audioStatusChanged (status); });
}

void HostSession::measureResponse (int points, ResponseReply reply)
{
    if (responseMeasurer == nullptr)
        return reply (nullptr, "the response is measured in a plugin worker, and this app's main() starts none (see wavecraft::PluginWorker)");

    responseMeasurer->request ([points, reply = std::move (reply)] (const ResponseMeasurer::Answer& answer)
                               {
                                   if (answer.response == nullptr)
                                       return reply (nullptr, answer.error);

                                   const auto curve = answer.response->sample (points);
                                   reply (&curve, {}); });
}

void HostSession::audioClientRegistered (const juce::String& clientId, double sampleRate, int bufferSize)
{
    juce::Logger::writeToLog ("audio client '" + clientId + "' registered (" + juce::String (sampleRate) + " Hz, "
                              + juce::String (bufferSize) + " frames)");
}

bool HostSession::reloadPlugin()
{
    WAVECRAFT_ASSERT_MESSAGE_THREAD;

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
    loadedStamp = pendingStamp = FileStamp::of (buildFile);
    ++numLoads;

    PluginLoadError error;
    auto next = loadPlugin (error);

    if (next == nullptr)
    {
        showLoadFailure (error);
        followBuildFile();
        return false;
    }

    carryPluginStateOver (*next);
    auto parameters = std::make_unique<ProcessorParameters> (*next);
    carryValuesOver (*parameters);
    lastGoodParameters = parameters->getStore();
    pluginInfo = next->getPluginInfo();
    const auto keepReplaced = canKeepNewestBuild();
    forgetBuildFaults();
    auto* replacedBuild = std::exchange (instance, next.get());
    reportOn (instance);
    auto replacedParameters = serve (std::move (parameters));
    engine.setPluginDiagnostic (std::nullopt); // the old build's fault is not the new one's, even for a moment
    auto replaced = engine.setProcessor (std::move (next));

    loadError.reset();
    tellParametersReplaced();
    keepReplacedBuild (keepReplaced ? replacedBuild : nullptr, std::move (replacedParameters), std::move (replaced));
    currentRecord = { numLoads, "current", juce::Time::currentTimeMillis(), true };
    levelMatcher.buildReplaced();
    startBackgroundWorkOnBuild();
    followBuildFile();
    updateBuilds();
    return true;
}

bool HostSession::canKeepNewestBuild() const
{
    // Kept to be heard again (selectBuild) unless it hangs or crashed: kept,
    // a hung worker would spin on its core. (While the previous build is
    // heard, the status is that build's.)
    return ! newestBuildFault.has_value() && (previousBuild.isHeard() || engine.getStatus().phase != AudioPhase::failed);
}

void HostSession::startBackgroundWorkOnBuild()
{
    if (buildChecker != nullptr)
        buildChecker->check (pluginFile, numLoads);

    if (responseMeasurer != nullptr)
        responseMeasurer->setBuild (pluginFile, numLoads, lastGoodParameters, engine.getStatus().sampleRate);
}

void HostSession::keepReplacedBuild (juce::AudioProcessor* build, std::unique_ptr<ProcessorParameters> parameters,
                                     std::unique_ptr<juce::AudioProcessor> replaced)
{
    // Once listeners (a window's controls) let go of its parameters: kept
    // as the previous build, or without `build` dropped here, on the
    // message thread, parameters first.
    const juce::ScopedLock lock (parametersLock);

    if (build != nullptr)
        return previousBuild.keep (build, std::move (parameters), currentRecord, std::move (replaced));

    previousBuild.clear();
    parameters.reset();
    replaced.reset();
}

bool HostSession::hearPreviousBuild (bool previous)
{
    WAVECRAFT_ASSERT_MESSAGE_THREAD;

    if (instance == nullptr)
        return false;

    if (previous == previousBuild.isHeard())
        return true;

    if (engine.isAudioThreadStuck())
        return false;

    // A hang is said of the processor that plays, and forgotten once another does.
    const auto status = engine.getStatus();
    const auto hangs = status.diagnostic.has_value() && status.diagnostic->fields[Diagnostic::Fields::fault] == "hang";
    const auto leavingFailedBuild = previousBuild.isHeard() && (previousBuildFault.has_value() || hangs);

    if (hangs && ! previousBuild.isHeard())
        leaveHungNewestBuild (*status.diagnostic);

    describeStatusAsOf (previous); // the swap's status is the next build's

    if (! previousBuild.swap (engine, previousBuild.isHeard() ? previousBuild.getProcessor() : instance))
    {
        describeStatusAsOf (! previous);
        return false;
    }

    levelMatcher.setPreviousHeard (previous);

    if (leavingFailedBuild)
    {
        // It crashed or hung: not heard again.
        dropPreviousBuild();
        previousBuildFault.reset();
    }

    juce::Logger::writeToLog (previous ? "hearing build " + juce::String (previousBuild.getRecord().id) + ", the previous one (A/B)"
                                       : "hearing build " + juce::String (currentRecord.id) + ", the newest (A/B)");
    updateBuilds();
    return true;
}

void HostSession::selectBuild (const juce::String& role, SelectionReply reply)
{
    // On the message thread, which swaps processors.
    juce::MessageManager::callAsync ([session = weakThis, role, reply = std::move (reply)]
                                     {
                                         if (session == nullptr)
                                             return reply ({}, "the session ended");

                                         if (session->hearPreviousBuild (role == "previous"))
                                             return reply (role, {});

                                         if (session->engine.isAudioThreadStuck())
                                             return reply ({}, "the plugin hangs in process() on the audio thread (in the host's process): no build can be swapped in until it returns");

                                         reply ({}, role == "previous" ? "no previous build is loaded: the build before the newest is kept once the plugin is rebuilt"
                                                                       : "no build of the plugin is loaded"); });
}

std::vector<LoadedBuild> HostSession::getBuilds() const
{
    const std::lock_guard<std::mutex> lock (buildsLock);
    return builds;
}

void HostSession::updateBuilds()
{
    std::vector<LoadedBuild> loaded;

    if (instance != nullptr)
    {
        loaded.push_back (currentRecord);
        loaded.back().heard = ! previousBuild.isHeard();
    }

    if (previousBuild.isLoaded())
        loaded.push_back (previousBuild.getRecord());

    {
        const std::lock_guard<std::mutex> lock (buildsLock);
        builds = std::move (loaded);
    }

    listeners.call ([] (Listener& l)
                    { l.buildsChanged(); });
}

void HostSession::carryPluginStateOver (DevPluginInstance& next) const
{
    // Asked while the old build plays: a worker makes it beside its blocks.
    juce::MemoryBlock state;

    if (instance == nullptr || ! instance->getPluginState (state))
        return;

    if (! next.setPluginState (state))
        juce::Logger::writeToLog ("the new build of " + pluginFile.getFileName() + " didn't take the old one's state ("
                                  + juce::String ((juce::int64) state.getSize()) + " bytes); it starts from its own");
}

void HostSession::reportOn (DevPluginInstance* reported)
{
    // Before the old instance goes: a report being read holds the lock.
    const std::lock_guard<std::mutex> lock (reportLock);
    reportedInstance = reported;
    reportedBuild = numLoads;
}

PluginReport HostSession::getPluginReport() const
{
    const std::lock_guard<std::mutex> lock (reportLock);
    PluginReport report;
    report.build = reportedBuild;

    if (reportedInstance != nullptr)
    {
        report.watched = reportedInstance->watchesRealtimeRules();
        report.violations = reportedInstance->getRealtimeViolations();
    }

    report.buildCheck = buildCheck;
    return report;
}

void HostSession::tellParametersReplaced()
{
    listeners.call ([] (Listener& l)
                    { l.parametersReplaced(); });
}

std::unique_ptr<DevPluginInstance> HostSession::loadPlugin (PluginLoadError& error)
{
    DevPluginFormat::Options options;
    options.isolated = isolation == PluginIsolation::childProcess;
    options.worker.keepSpareWorker = true; // the next build only loads
    options.worker.onFault = [inbox = workerInbox, load = numLoads] (const PluginFault& fault)
    {
        const std::lock_guard<std::mutex> lock (inbox->lock);
        inbox->faults.emplace_back (load, fault);

        if (inbox->owner != nullptr)
            inbox->owner->triggerAsyncUpdate();
    };
    options.worker.onRealtimeViolation = [inbox = workerInbox, load = numLoads] (const RealtimeViolation& violation)
    {
        const std::lock_guard<std::mutex> lock (inbox->lock);
        inbox->violations.emplace_back (load, violation);

        if (inbox->owner != nullptr)
            inbox->owner->triggerAsyncUpdate();
    };

    return DevPluginFormat (options).createInstance (pluginFile, error);
}

void HostSession::handleAsyncUpdate()
{
    if (std::exchange (buildFileMoved, false))
    {
        watchBuildFile();

        if (loadError.has_value() && FileStamp::of (buildFile).exists)
            reloadPlugin(); // it landed before the watch was on it
    }

    std::vector<std::pair<int, PluginFault>> faults;
    std::vector<std::pair<int, RealtimeViolation>> violations;
    std::vector<BuildChecker::Result> buildChecks;

    {
        const std::lock_guard<std::mutex> lock (workerInbox->lock);
        std::swap (faults, workerInbox->faults);
        std::swap (violations, workerInbox->violations);
        std::swap (buildChecks, workerInbox->buildChecks);
    }

    // The window reads the newest result with the report; a page is told
    // only of new places (the protocol's pluginReportChanged).
    for (const auto& result : buildChecks)
    {
        for (const auto& line : result.describe())
            juce::Logger::writeToLog (line);

        const std::lock_guard<std::mutex> lock (reportLock);
        buildCheck = result.summarize();
    }

    // Each place once on standard error, whichever build it was; the report is the running build's.
    for (const auto& [load, violation] : violations)
        juce::Logger::writeToLog (RealtimeReport::describe (violation));

    if (std::any_of (violations.begin(), violations.end(), [this] (const auto& entry)
                     { return entry.first == numLoads; }))
        listeners.call ([] (Listener& l)
                        { l.pluginReportChanged(); });

    for (const auto& [load, fault] : faults)
    {
        // The running build's fault is said by the status; a build that was
        // already replaced (one crashing in drop()) only here.
        if (load == numLoads && pluginInfo.has_value())
            newestBuildFailed (fault);
        else if (previousBuild.isLoaded() && load == previousBuild.getRecord().id)
            previousBuildFailed (fault);
        else
            juce::Logger::writeToLog (fault.describe());
    }
}

void HostSession::describeStatusAsOf (bool previousHeard)
{
    // The engine is the session's: the describer goes with it.
    if (previousHeard)
        engine.setPluginDiagnosticDescriber ([this, previousId = previousBuild.getRecord().id, newestId = currentRecord.id] (AudioStatus& status)
                                             { PreviousBuild::describeHeard (status, previousId, newestId, ! engine.isAudioThreadStuck()); });
    else
        engine.setPluginDiagnosticDescriber (nullptr);

    // The status says the crash of the build heard, if it had one.
    engine.setPluginDiagnostic (previousHeard ? previousBuildFault : newestBuildFault);
}

void HostSession::leaveHungNewestBuild (const Diagnostic& hang)
{
    // Nothing watches a build on standby: its worker is ended now, not left
    // spinning on a core, and its hang is said again if it is chosen.
    if (auto* supervised = dynamic_cast<SupervisedProcessing*> (instance))
        supervised->stopWhileHung();

    newestBuildFault = hang;
    juce::Logger::writeToLog ("build " + juce::String (currentRecord.id) + ", the newest, hangs: its worker is ended; the previous one is heard");
}

void HostSession::dropPreviousBuild()
{
    // Under the lock setParameter reaches it by.
    const juce::ScopedLock lock (parametersLock);
    previousBuild.clear();
}

void HostSession::forgetPreviousBuild()
{
    dropPreviousBuild();
    levelMatcher.setPreviousHeard (false);
    forgetBuildFaults();
}

void HostSession::forgetBuildFaults()
{
    engine.setPluginDiagnosticDescriber (nullptr);
    newestBuildFault.reset();
    previousBuildFault.reset();
}

void HostSession::newestBuildFailed (const PluginFault& fault)
{
    newestBuildFault = fault.toDiagnostic();

    if (! previousBuild.isHeard())
        return engine.setPluginDiagnostic (newestBuildFault);

    // Said once it is heard again (describeStatusAsOf).
    juce::Logger::writeToLog ("build " + juce::String (currentRecord.id) + ", the newest (the previous one is heard): " + fault.describe());
}

void HostSession::previousBuildFailed (const PluginFault& fault)
{
    juce::Logger::writeToLog ("build " + juce::String (previousBuild.getRecord().id) + ", the previous one (A/B): " + fault.describe());

    if (previousBuild.isHeard())
    {
        // Its status says whose it is (describeStatusAsOf), and that the host plays on.
        previousBuildFault = fault.toDiagnostic();
        previousBuildFault->message = fault.describe();
        engine.setPluginDiagnostic (previousBuildFault);
        return;
    }

    // On standby, nothing of it is heard: it just goes.
    dropPreviousBuild();
    updateBuilds();
}

void HostSession::showLoadFailure (const PluginLoadError& error)
{
    // The file on disk is what the developer wants to hear, so a broken
    // build replaces the old one with silence and a diagnostic; the watch
    // picks up the fix.
    serve (nullptr); // lastGoodParameters keeps the values for the fixed build
    instance = nullptr;

    forgetPreviousBuild();

    reportOn (nullptr);
    auto previous = engine.setProcessor (nullptr);
    pluginInfo.reset();
    loadError = error;
    auto diagnostic = error.toDiagnostic();
    diagnostic.fields.set (Diagnostic::Fields::file, pluginFile.getFullPathName());
    engine.setPluginDiagnostic (std::move (diagnostic));
    tellParametersReplaced();
    updateBuilds();
    previous.reset();
}

void HostSession::carryValuesOver (ProcessorParameters& next) const
{
    // Where the id and the value still fit, also across broken builds in between.
    if (lastGoodParameters == nullptr)
        return;

    const auto& nextStore = *next.getStore();

    for (int i = 0; i < lastGoodParameters->size(); ++i)
    {
        const auto value = lastGoodParameters->getValue (i);
        const auto& id = lastGoodParameters->getSpecs()[(size_t) i].id;
        const auto index = nextStore.indexOf (id);

        if (index >= 0 && nextStore.getSpecs()[(size_t) index].checkValue (value).wasOk())
            juce::ignoreUnused (next.setValue (id, value)); // checked above; a stepped one snaps
    }
}

juce::File HostSession::watchedFileOf (const juce::File& plugin)
{
    // A bundle's binary, or where its first build will put it.
    if (plugin.isDirectory() || FormatPluginLoader::isBundleName (plugin))
        return FormatPluginLoader::findBuildTarget (plugin);

    return plugin;
}

void HostSession::followBuildFile()
{
    // A bundle's binary is known once its manifest is there, and named
    // anew by each: watched from the next message on (the watch may be
    // what called this).
    if (fileWatch != nullptr && watchedFileOf (pluginFile) != buildFile)
    {
        buildFileMoved = true;
        triggerAsyncUpdate();
    }
}

void HostSession::watchBuildFile()
{
    WAVECRAFT_ASSERT_MESSAGE_THREAD;
    buildFile = watchedFileOf (pluginFile);
    loadedStamp = pendingStamp = FileStamp::of (buildFile);
    stopTimer();
    fileWatch = std::make_unique<FileChangeWatcher> (buildFile);
    fileWatch->onChange = [this]
    { pluginFileChanged(); };

    // Polling only where the file system can't tell: a poll can't know that
    // a file written in place is whole, and must wait for it to settle.
    if (! fileWatch->start())
        startTimer (watchIntervalMs);
}

bool HostSession::reloadPluginIfChanged()
{
    WAVECRAFT_ASSERT_MESSAGE_THREAD;
    return FileStamp::of (buildFile) != loadedStamp && reloadPlugin();
}

void HostSession::pluginFileChanged()
{
    // Told after a rename over the file or the close of a write to it: the
    // new build is whole, so there is nothing to wait for.
    if (FileStamp::of (buildFile) != loadedStamp)
        reloadPlugin();
}

void HostSession::timerCallback()
{
    // Reload once the file has stopped changing for one interval, so a build
    // that writes the library in several steps is read whole.
    const auto stamp = FileStamp::of (buildFile);

    if (stamp != pendingStamp)
    {
        pendingStamp = stamp;
        return;
    }

    if (stamp != loadedStamp)
        reloadPlugin();
}

} // namespace wavecraft
