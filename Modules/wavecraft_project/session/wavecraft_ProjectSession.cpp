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

CargoBuild::Result ProjectSession::buildBeforeStart()
{
    JUCE_ASSERT_MESSAGE_THREAD
    const auto library = project.getLibraryFile();

    if (const auto stale = ParameterCache::whyStale (project.getCacheFolder(), library, project.getEngineFolder().getChildFile ("src")); stale.isEmpty())
    {
        if (onLog != nullptr)
            onLog ("the last build is up to date (upstream's parameter cache is fresh): playing it without building");

        CargoBuild::Result fresh;
        fresh.succeeded = true;
        fresh.exitCode = 0;
        return fresh;
    }
    else if (onLog != nullptr)
    {
        onLog ("building the engine (" + stale + "): " + project.makeBuildCommand().joinIntoString (" "));
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
    while (! finished.wait (50))
    {
        const std::lock_guard<std::mutex> guard (lines);

        for (const auto& line : output)
            if (onLog != nullptr && line.trimStart().startsWith ("Compiling"))
                onLog ("  " + line.trim());

        output.clear();
    }

    numBuilds = 1;
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

    const auto cacheFolder = project.getCacheFolder();

    if (cacheFolder.isDirectory())
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

    if (std::exchange (rebuildQueued, false))
    {
        changeSeenNanos = queuedChangeNanos;
        startBuild();
        return;
    }

    if (result.cancelled)
        return;

    if (! result.succeeded)
    {
        if (onLog != nullptr)
        {
            onLog ("build failed in " + juce::String (result.seconds, 1) + " s; the running build plays on");

            for (const auto& error : result.errors)
                onLog (error.rendered.isNotEmpty() ? error.rendered.trimEnd() : error.describe());

            if (result.errors.empty())
                onLog (result.failure);
        }

        return;
    }

    if (! session.reloadPluginIfChanged())
    {
        if (onLog != nullptr && session.getLoadError().has_value())
            onLog ("the new build does not load: " + session.getLoadError()->message);

        if (onBuildLoaded != nullptr)
            onBuildLoaded();

        return;
    }

    writeGeneratedFiles();
    pending = {};
    pending.build = numBuilds;
    pending.debounceMs = (double) SourceTreeWatcher::debounceMs;
    pending.cargoMs = millisBetween (buildStartedNanos, buildEndedNanos);
    awaitingFirstBlock = true;
    startTimer (2);

    if (onBuildLoaded != nullptr)
        onBuildLoaded();
}

void ProjectSession::timerCallback()
{
    const auto heard = session.getEngine().getCallback().getPlayer().getFirstHeardNanos();

    if (! awaitingFirstBlock || heard == 0)
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
