namespace wavecraft
{

/** Watches a plugin's source folder: when a source file in it changes, runs
    the build command (e.g. `cargo build`) there; the HostSession's watch on
    the plugin library then loads the new build without restarting audio.

    Scanning and building happen on this object's own thread. Build output
    directories (target, build, node_modules, anything hidden) are not
    watched, so a build never triggers itself.
*/
class BuildWatcher : private juce::Thread
{
public:
    /** Called on the message thread after each build, with its exit code,
        duration and the tail of its output. Set before start(). Posted
        with callAsync, so it may arrive after this watcher is deleted:
        capture nothing that dies with it.
    */
    std::function<void (int exitCode, double seconds, const juce::String& outputTail)> onBuildFinished;

    /** Called on the message thread when a build starts. Set before start(),
        and, like onBuildFinished, possibly after the watcher is gone.
    */
    std::function<void()> onBuildStarted;

    /** `command` is a /bin/sh command line, run in `folder`. [message thread] */
    BuildWatcher (const juce::File& folder, const juce::String& command);

    /** Ends a build that is running, with all it started (SIGTERM, then
        SIGKILL after stopGraceMs). [message thread]
    */
    ~BuildWatcher() override;

    /** [message thread] */
    void start() { startThread(); }

    /** How often the folder is scanned, and how long it must be quiet before a build. */
    static constexpr int scanIntervalMs = 300;

    /** How long a build stopped mid-way has to end before it is killed. */
    static constexpr int stopGraceMs = 500;

    /** A fingerprint of the watched sources: changes when any file is added,
        removed, resized or touched. [any thread]
    */
    static juce::String fingerprintOf (const juce::File& folder);

private:
    void run() override;
    void build();
    int runBuild (juce::String& output);

    juce::File folder;
    juce::String command;

    JUCE_DECLARE_NON_COPYABLE_WITH_LEAK_DETECTOR (BuildWatcher)
};

} // namespace wavecraft
