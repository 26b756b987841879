namespace wavecraft
{

/** Worker processes started ahead of the loads that need them. A worker's
    start (the executable's own start-up and its libraries) is most of an
    isolated load; with one waiting, a rebuild only loads the library.

    One spare is kept per process, for the executable last asked for. It is
    started on a thread of its own, which lives as long as the process: a
    worker's start blocks its caller for a while (the exec), and on Linux a
    worker ends with the thread that started it (PR_SET_PDEATHSIG; see
    WorkerLink).

    @see IsolatedPluginInstance, PluginWorker
*/
class SpareWorker
{
public:
    /** A started worker, waiting in its channel for the plugin to load. */
    struct Started
    {
        std::unique_ptr<WorkerChannel> channel;
        pid_t processId = 0;
    };

    /** A worker of `executable`: the spare when one is waiting, else one
        started now. An empty Started and `error` when none could start.
        [not the audio thread]
    */
    [[nodiscard]] static Started take (const juce::File& executable, juce::String& error);

    /** Has a spare of `executable` started, unless one waits: call it once
        a load is done, so the spare's start doesn't slow the load down.
        The spare makes ready for `likelyPlugin` while it waits (see
        PluginWorker::makeArguments). Returns at once.
        [any thread but the audio thread]
    */
    static void keepOneReady (const juce::File& executable, const juce::File& likelyPlugin = {});

    /** Ends the spare, if there is one. [any thread but the audio thread] */
    static void release();

    /** Starts a worker of `executable` on a new channel. [not the audio thread] */
    [[nodiscard]] static Started start (const juce::File& executable, juce::String& error, const juce::File& likelyPlugin = {});

private:
    static void runStarter();
    static pid_t spawn (const juce::File& executable, WorkerChannel& channel, juce::String& error, const juce::File& likelyPlugin);
    static void end (Started& worker);
};

} // namespace wavecraft
