namespace wavecraft
{

/** Runs a Wavecraft project's engine in a live HostSession, as upstream's
    `wavecraft start` runs it, except that each rebuild's audio is swapped
    in (cross-faded, values kept), where upstream's dev server only reads
    the new build's parameters:

    - builds the engine with cargo (buildBeforeStart() at start, when
      upstream's parameter cache says the last build is stale);
    - watches the engine's sources (SourceTreeWatcher) and rebuilds on each
      change, one build at a time: a change during a build cancels it, and
      the newest sources are built next;
    - tells the first compiler error as soon as cargo reports it, while the
      old build plays on;
    - after a build, loads it into the session, and writes the UI's
      TypeScript files and upstream's parameter cache;
    - times each rebuild, from the save to the new build's first block, and
      says how that splits.
*/
class ProjectSession : private juce::Timer
{
public:
    /** `session` must outlive this; it plays the project's library. [message thread] */
    ProjectSession (WavecraftProject project, HostSession& session);

    /** Cancels a build still running. [message thread] */
    ~ProjectSession() override;

    /** What to tell the developer, a line at a time. [message thread] */
    std::function<void (const juce::String& line)> onLog;

    /** The first error of a build, as soon as cargo reports it. [message thread] */
    std::function<void (const CargoBuild::Diagnostic& error)> onBuildError;

    /** A build that succeeded plays now (or is the one playing). [message thread] */
    std::function<void()> onBuildLoaded;

    /** How long a rebuild took, from the save to its first block heard. */
    struct Timing
    {
        int build = 0;
        double totalMs = 0.0;    /**< the save to the new build's first block */
        double debounceMs = 0.0; /**< waiting for the edits to settle (upstream's 500 ms) */
        double cargoMs = 0.0;    /**< cargo's build */
        double hostMs = 0.0;     /**< the rest: seeing the save, starting cargo, loading and swapping in the build */
    };

    /** Each rebuild's timing, once its first block is heard. [message thread] */
    std::function<void (const Timing&)> onTiming;

    /** Builds the engine now, unless upstream's cache says the last build is
        fresh; cargo's lines go to onLog. Returns the build's result (a
        fresh cache: succeeded, no build); cancelled once `shouldStop` says
        so (asked every 50 ms). [message thread, before the session starts]
    */
    CargoBuild::Result buildBeforeStart (std::function<bool()> shouldStop = nullptr);

    /** Writes the UI's TypeScript files and the parameter cache for what
        the session plays, and starts watching the sources. [message thread, once the session started]
    */
    void start();

    /** Writes the TypeScript files and the cache for the build the session plays. [message thread] */
    void writeGeneratedFiles();

    const WavecraftProject& getProject() const noexcept { return project; }

    /** [message thread] */
    bool isBuilding() const noexcept { return build != nullptr; }

private:
    bool isLastBuildFresh() const;
    void sourcesChanged (juce::int64 firstChangeNanos);
    void startBuild();
    void buildFinished (const CargoBuild::Result& result);
    void reportFailure (const CargoBuild::Result& result);
    void loadBuild (bool timed);
    void timerCallback() override;

    WavecraftProject project;
    HostSession& session;
    std::unique_ptr<SourceTreeWatcher> watcher;
    std::unique_ptr<CargoBuild> build;
    bool rebuildQueued = false;
    int numBuilds = 0;
    juce::int64 changeSeenNanos = 0, queuedChangeNanos = 0, buildStartedNanos = 0, buildEndedNanos = 0;
    std::shared_ptr<bool> alive = std::make_shared<bool> (true); // for results posted after this is gone
    Timing pending;
    bool awaitingFirstBlock = false;
    juce::uint32 awaitingSinceMs = 0;
    int reloadsAtBuildStart = 0;
    bool lastBuildSucceeded = false; // the cache is written only for a build that worked

    JUCE_DECLARE_NON_COPYABLE_WITH_LEAK_DETECTOR (ProjectSession)
};

} // namespace wavecraft
