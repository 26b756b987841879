namespace wavecraft
{

/** The quick validation of each new build of a plugin, in the background
    while the live one plays: on a thread of its own and in workers of its
    own, all at the lowest normal priority (the real-time audio threads come
    first), so the live audio never waits for it. Each result says what is
    new since the build checked before, e.g. "new in this build: FAIL
    realtime.process: process() called malloc ...".

    A build is copied (a bundle whole) when it is handed over, so the next
    build landing on the same path, renamed over it or written into it,
    can't change it mid-check. Builds that land
    while one is checked wait; only the newest of them is checked next. A
    check that finds a crash or a hang ends there: the live session names
    those already.

    The checker's thread takes no lock another thread waits on: a build is
    handed over through an atomic pointer, and the result goes out through
    the callback only.

    @see PluginValidator, HostSession
*/
class BuildChecker : private juce::Thread
{
public:
    /** What the quick validation found in one build. */
    struct Result
    {
        int build = 0;
        std::vector<ValidationCheck> checks;
        std::vector<ValidationCheck> newProblems; /**< warned or failed here, passed (or not run) in the build checked before */
        juce::StringArray fixed;                  /**< the ids of checks that failed or warned before and pass now */
        bool hasPrevious = false;                 /**< a build was checked before this one */

        /** Lines for the log: the summary, then each new problem ("new in
            this build: FAIL realtime.process: ..."), or on the first build
            each problem.
        */
        juce::StringArray describe() const;

        /** The summary a PluginReport carries. */
        BuildCheckSummary summarize() const;
    };

    /** Told of each build's result. [the checker's thread: keep it short, take no lock the audio or message thread holds long] */
    using Callback = std::function<void (const Result&)>;

    BuildChecker (IsolatedPluginInstance::Options workerOptions, Callback onChecked);

    /** Ends a check in progress after its current step (at most a hang's 2 s). */
    ~BuildChecker() override;

    /** Checks `library` as build `build`, in the background. [one thread at a time: the session's message thread] */
    void check (const juce::File& library, int build);

private:
    struct Pending
    {
        std::unique_ptr<BuildSnapshot> copy;
        int build = 0;
    };

    void run() override;
    Result compare (int build, std::vector<ValidationCheck> checks) const;

    IsolatedPluginInstance::Options workerOptions;
    Callback onChecked;
    std::atomic<Pending*> pending { nullptr }; // handed over by check(), taken by the thread
    std::optional<Result> previous;            // [the checker's thread]

    JUCE_DECLARE_NON_COPYABLE (BuildChecker)
};

} // namespace wavecraft
