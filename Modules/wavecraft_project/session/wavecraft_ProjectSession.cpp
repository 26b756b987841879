namespace wavecraft
{

namespace
{
    double millisBetween (juce::int64 fromNanos, juce::int64 toNanos)
    {
        return (double) (toNanos - fromNanos) / 1.0e6;
    }
} // namespace

ProjectSession::ProjectSession (WavecraftProject projectToRun, HostSession& sessionToUse)
    : project (std::move (projectToRun)),
      session (sessionToUse)
{
}

ProjectSession::~ProjectSession()
{
    *alive = false;
    stopTimer();
    watcher.reset();
    build.reset();
}

bool ProjectSession::isLastBuildFresh() const
{
    const auto stale = ParameterCache::whyStale (project.getCacheFolder(), project.getLibraryFile(), project.getEngineFolder().getChildFile ("src"));

    if (onLog != nullptr)
        onLog (stale.isEmpty() ? juce::String ("the last build is up to date (upstream's parameter cache is fresh): playing it without building")
                               : "building the engine (" + stale + "): " + project.makeBuildCommand().joinIntoString (" "));

    return stale.isEmpty();
}

CargoBuild::Result ProjectSession::buildBeforeStart (std::function<bool()> shouldStop)
{
    JUCE_ASSERT_MESSAGE_THREAD
    if (isLastBuildFresh())
    {
        CargoBuild::Result fresh;
        fresh.succeeded = lastBuildSucceeded = true;
        fresh.exitCode = 0;
        return fresh;
    }

    CargoBuild firstBuild (project.getEngineFolder(), project.makeBuildCommand(), project.getRoot());
    juce::WaitableEvent finished;
    CargoBuild::Result result;
    std::mutex lines;
    juce::StringArray output;
    firstBuild.onOutput = [&] (const juce::String& line)
    {
        const std::lock_guard<std::mutex> guard (lines);
        output.add (line);
    };
    firstBuild.onFinished = [&] (const CargoBuild::Result& ended)
    {
        result = ended;
        finished.signal();
    };

    juce::String error;

    if (! firstBuild.start (error))
    {
        result.failure = error;
        return result;
    }

    // Cargo's progress, as it comes: a first build takes a while.
    for (auto done = false; ! done;)
    {
        done = finished.wait (50);

        if (! done && shouldStop != nullptr && shouldStop())
            firstBuild.cancel();

        const std::lock_guard<std::mutex> guard (lines);

        for (const auto& line : output)
            if (onLog != nullptr && line.trimStart().startsWith ("Compiling"))
                onLog ("  " + line.trim());

        output.clear();
    }

    numBuilds = 1;
    lastBuildSucceeded = result.succeeded;
    return result;
}

void ProjectSession::start()
{
    JUCE_ASSERT_MESSAGE_THREAD
    writeGeneratedFiles();
    watcher = std::make_unique<SourceTreeWatcher> (project.getEngineFolder().getChildFile ("src"), project.getEngineFolder().getChildFile ("Cargo.toml"));
    watcher->onChange = [this] (juce::int64 firstChangeNanos, const juce::StringArray&)
    { sourcesChanged (firstChangeNanos); };
    watcher->start();
}

void ProjectSession::writeGeneratedFiles()
{
    const auto& info = session.getPluginInfo();

    if (! info.has_value())
        return;

    if (const auto error = TypeScriptCodegen::write (project.getUiFolder(), info->parameters, info->processorIds); error.isNotEmpty() && onLog != nullptr)
        onLog ("the UI's TypeScript files are not written: " + error);

    // The cache stands for a build of the sources as they are: not written
    // while the build plays that came before a failed one.
    const auto cacheFolder = project.getCacheFolder();

    if (lastBuildSucceeded && cacheFolder.isDirectory())
        if (const auto error = ParameterCache::write (cacheFolder, info->parameters, info->processorIds); error.isNotEmpty() && onLog != nullptr)
            onLog ("the parameter cache is not written: " + error);
}

void ProjectSession::sourcesChanged (juce::int64 firstChangeNanos)
{
    if (build != nullptr)
    {
        // The build running is of sources that changed since: it is cancelled,
        // and the newest are built as soon as it has ended.
        if (! rebuildQueued)
            queuedChangeNanos = firstChangeNanos;

        rebuildQueued = true;
        build->cancel();
        return;
    }

    changeSeenNanos = firstChangeNanos;
    startBuild();
}

void ProjectSession::startBuild()
{
    ++numBuilds;
    awaitingFirstBlock = false;
    build = std::make_unique<CargoBuild> (project.getEngineFolder(), project.makeBuildCommand(), project.getRoot());
    build->onFirstError = [this, alive = alive] (const CargoBuild::Diagnostic& error)
    {
        juce::MessageManager::callAsync ([this, alive, error]
                                         {
                                             if (*alive && onBuildError != nullptr)
                                                 onBuildError (error); });
    };
    build->onFinished = [this, alive = alive] (const CargoBuild::Result& result)
    {
        juce::MessageManager::callAsync ([this, alive, result]
                                         {
                                             if (*alive)
                                                 buildFinished (result); });
    };

    if (onLog != nullptr)
        onLog ("source changed, building: " + project.makeBuildCommand().joinIntoString (" "));

    buildStartedNanos = getMonotonicNanos();
    reloadsAtBuildStart = session.getNumReloads();
    juce::String error;

    if (! build->start (error))
    {
        build.reset();

        if (onLog != nullptr)
            onLog ("build failed: " + error + "; the running build plays on");
    }
}

void ProjectSession::buildFinished (const CargoBuild::Result& result)
{
    buildEndedNanos = getMonotonicNanos();
    build.reset();
    const auto queued = std::exchange (rebuildQueued, false);

    // A build that succeeded plays, even with a newer one to come: the
    // newer may well fail, mid-edit.
    if (result.succeeded)
        loadBuild (! queued);
    else if (! result.cancelled)
        reportFailure (result);

    if (queued)
    {
        changeSeenNanos = queuedChangeNanos;
        startBuild();
    }
}

void ProjectSession::reportFailure (const CargoBuild::Result& result)
{
    if (onLog == nullptr)
        return;

    onLog ("build failed in " + juce::String (result.seconds, 1) + " s; the running build plays on");

    for (const auto& error : result.errors)
        onLog (error.rendered.isNotEmpty() ? error.rendered.trimEnd() : error.describe());

    if (result.errors.empty())
        onLog (result.failure);
}

void ProjectSession::loadBuild (bool timed)
{
    lastBuildSucceeded = true;

    if (session.getEngine().isAudioThreadStuck())
        return; // the session says so, and loads the build once the old one returns

    // Loaded here, or already by the session's own watch when cargo wrote it in a way it sees.
    session.reloadPluginIfChanged();

    if (session.getLoadError().has_value())
    {
        if (onLog != nullptr)
            onLog ("the new build does not load: " + session.getLoadError()->message);

        return;
    }

    writeGeneratedFiles();

    if (onBuildLoaded != nullptr)
        onBuildLoaded();

    if (! timed || session.getNumReloads() == reloadsAtBuildStart)
        return; // nothing new plays: no first block to time

    pending = {};
    pending.build = numBuilds;
    pending.debounceMs = (double) SourceTreeWatcher::debounceMs;
    pending.cargoMs = millisBetween (buildStartedNanos, buildEndedNanos);
    awaitingFirstBlock = true;
    awaitingSinceMs = juce::Time::getMillisecondCounter();
    startTimer (2);
}

void ProjectSession::timerCallback()
{
    const auto heard = session.getEngine().getCallback().getPlayer().getFirstHeardNanos();

    // Nothing to time any more (a newer build started), or no block in 5 s (no audio running).
    if (! awaitingFirstBlock || juce::Time::getMillisecondCounter() - awaitingSinceMs > 5000)
    {
        stopTimer();
        awaitingFirstBlock = false;
        return;
    }

    if (heard == 0)
        return;

    stopTimer();
    awaitingFirstBlock = false;
    pending.totalMs = millisBetween (changeSeenNanos, heard);
    pending.hostMs = pending.totalMs - pending.debounceMs - pending.cargoMs;

    if (onLog != nullptr)
        onLog ("build " + juce::String (pending.build) + " heard " + juce::String (juce::roundToInt (pending.totalMs)) + " ms after the save: "
               + juce::String (juce::roundToInt (pending.debounceMs)) + " ms for the edits to settle, " + juce::String (juce::roundToInt (pending.cargoMs))
               + " ms of cargo, " + juce::String (pending.hostMs, 1) + " ms of the host's (seeing the save, starting cargo, loading and swapping in the build)");

    if (onTiming != nullptr)
        onTiming (pending);
}

} // namespace wavecraft
