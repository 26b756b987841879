namespace wavecraft
{

/** The quick validation of each new build of a plugin, in the background
    while the live one plays: on a thread of its own and in workers of its
    own, all below every thread of normal priority, so the live audio never
    waits for it. Each result says what is new since the build before, e.g.
    "new in this build: FAIL realtime.process: process() called malloc ...".

    A build is copied when it is handed over, so the next build landing on
    the same path can't change it mid-check. A check that finds a crash or a
    hang ends there: the live session names those already. Builds that land while one is
    checked wait; only the newest of them is checked next.

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
    };

    /** Told of each build's result. [the checker's thread: keep it short] */
    using Callback = std::function<void (const Result&)>;

    BuildChecker (IsolatedPluginInstance::Options workerOptions, Callback onChecked);

    /** Waits for a check in progress (the quick one takes about a second). */
    ~BuildChecker() override;

    /** Checks `library` as build `build`, in the background. [any thread] */
    void check (const juce::File& library, int build);

    /** The newest build's result, once one has been checked. [any thread] */
    std::optional<Result> getLatest() const;

private:
    void run() override;
    Result compare (int build, std::vector<ValidationCheck> checks);

    IsolatedPluginInstance::Options workerOptions;
    Callback onChecked;
    juce::File copiesFolder; // each build checked from a copy of its own here
    mutable std::mutex lock;
    std::optional<std::pair<juce::File, int>> pending; // [lock]
    std::optional<Result> latest;                      // [lock]
    int numCopies = 0;

    JUCE_DECLARE_NON_COPYABLE (BuildChecker)
};

} // namespace wavecraft
