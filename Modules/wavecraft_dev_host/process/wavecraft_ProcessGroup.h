namespace wavecraft
{

/** A command run in a process group of its own, so that it and all it
    starts (cargo's rustc, npm's shell, node and Vite's esbuild) end
    together. Its standard output and error are read line by line on a
    thread of its own.

    To use one, set onLine and onExit, then start(); stop() or the
    destructor ends the whole group. killAll() ends every group still
    running, from any thread: what a process does before it exits at once.
*/
class ProcessGroup : private juce::Thread
{
public:
    struct Options
    {
        juce::StringArray command;         /**< the program (found on PATH) and its arguments */
        juce::File folder;                 /**< where it runs */
        juce::StringPairArray environment; /**< set on top of this process's own */
    };

    ProcessGroup();

    /** Ends the group, as stop(). [not the reading thread] */
    ~ProcessGroup() override;

    /** Each line it writes, without its end; `fromStandardError` says which
        stream. [the reading thread]
    */
    std::function<void (const juce::String& line, bool fromStandardError)> onLine;

    /** Once both streams have ended and the process is gone, with its exit
        code (128 + the signal that ended it). [the reading thread]
    */
    std::function<void (int exitCode)> onExit;

    /** Starts it; false with a sentence in `error` when it could not be
        started (the program not found, the folder missing). One start per
        object. [any thread]
    */
    [[nodiscard]] bool start (const Options& options, juce::String& error);

    /** Asks the group to end (SIGTERM), makes it after `graceMs` (SIGKILL),
        and waits for the reading thread. [not the reading thread]
    */
    void stop (int graceMs = 1000);

    /** [any thread] */
    bool isRunning() const noexcept { return running.load(); }

    /** The process's id, also its group's; 0 before start(). [any thread] */
    int getProcessId() const noexcept { return processId.load(); }

    /** SIGKILL to every group started here and still running. Async-signal
        safe. [any thread]
    */
    static void killAll() noexcept;

private:
    void run() override;
    void readLines (int handle, juce::MemoryBlock& pending, bool fromStandardError, bool& ended);
    void forget() noexcept;
    void signalGroup (int signal);
    bool hasLeaderEnded() const;

    std::atomic<int> processId { 0 };
    std::atomic<bool> running { false };
    int outputHandle = -1, errorHandle = -1;
    std::mutex reapLock; // a signal to the group never crosses the leader's reaping
    bool reaped = false; // [reapLock]

    JUCE_DECLARE_NON_COPYABLE_WITH_LEAK_DETECTOR (ProcessGroup)
};

} // namespace wavecraft
