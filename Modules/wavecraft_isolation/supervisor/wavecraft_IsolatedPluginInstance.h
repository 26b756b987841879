namespace wavecraft
{

/** A plugin whose code runs in a child process (a PluginWorker) that this
    object starts and supervises: a crash there ends the child, never the
    host, and a hang there leaves the audio thread free.

    Each block crosses in shared memory. The audio thread copies the input
    and the parameter values in, wakes the worker (one futex call, the only
    system call of a block), and spins until the worker answers or the
    block's time budget (answerBudget of its length) runs out; a late answer
    makes this block and those until the answer comes silent, and the
    callback's watchdog then calls it a hang. There is no block of added
    latency: the answer comes back within the same callback.

    When the worker dies unasked, the supervisor thread tells onFault once,
    with the signal, the call the worker was in and how much audio it had
    processed; from then on process() gives silence. Destroying the object
    asks the worker to drop the processor and quit, and kills it when it
    doesn't; stopWhileHung() ends a hung one at once.

    @see PluginWorker, WorkerChannel, PluginFault, DevPluginInstance
*/
class IsolatedPluginInstance final : public PluginInstance,
                                     public SupervisedProcessing
{
public:
    /** Told when the worker died unasked. [the supervisor's thread: keep it short] */
    using FaultCallback = std::function<void (const PluginFault&)>;

    struct Options
    {
        /** The worker's executable; by default this one, whose main() must
            call PluginWorker::runIfRequested (see PluginWorker).
        */
        juce::File workerExecutable;
        int loadTimeoutMs = 5000; /**< a load that takes longer is a hang */
        FaultCallback onFault;

        /** How long process() waits for the worker's answer, in block
            lengths (at least 0.3 ms): less than one on a device, where a
            late block must not hold up the next; more where every block
            counts and time doesn't (an offline render, a test).
        */
        double answerBudget = defaultAnswerBudget;

        /** Starts the next load's worker as soon as this one takes its own,
            so a new build only loads (see SpareWorker): for a host that
            reloads. It is ended with SpareWorker::release(), or when this
            process ends.
        */
        bool keepSpareWorker = false;

        /** Runs the worker below every thread of normal priority instead of
            in real time (WorkerPriority::moveToBackground()): for offline
            work beside live audio, such as a validation of a new build.
        */
        bool inBackground = false;

        /** Watches the plugin's audio-thread calls for allocations, locks
            and system calls (RealtimeMonitor, in the worker).
        */
        bool watchRealtimeRules = true;

        /** Told once of each new place where the plugin broke a real-time
            rule; by default a line through juce::Logger. [the report's
            thread, or readRealtimeFindings()'s caller: don't call that from here]
        */
        RealtimeReportThread::ViolationCallback onRealtimeViolation;
    };

    /** Starts a worker that loads `file`, and returns the plugin it runs
        (the library is never opened in this process). Returns null and fills
        `error` when the load failed, the worker crashed or hung while
        loading, or could not start. [message thread, or any thread but the
        audio thread: the load waits for the worker]
    */
    [[nodiscard]] static std::unique_ptr<IsolatedPluginInstance> load (const juce::File& file, const Options& options, PluginLoadError& error);

    /** Asks the worker to quit (killing it if it doesn't within a moment).
        [the thread that owns it, never while processing]
    */
    ~IsolatedPluginInstance() override;

    /** Sent with the next block. [audio thread, or before processing starts] */
    void setSampleRate (double sampleRate) noexcept override;

    /** Sent with the next block. [audio thread, or before processing starts] */
    void reset() noexcept override;

    using BlockResult = SupervisedProcessing::BlockResult; // one name, from either base

    /** One round trip through the worker; silence when it is late. After
        restAfterLateSeconds of late blocks in a row it rests: only one
        block every probeIntervalSeconds is sent (the rest are silent, and
        late), until one comes back in time. [audio thread: no locks, no
        allocation, one system call]
    */
    BlockResult process (float* const* channels, int numSamples, const float* values, size_t numValues) noexcept override;

    /** Makes the next process() wait no later than this. [audio thread] */
    void setAnswerDeadline (juce::int64 nanos) noexcept override { answerDeadline = nanos; }

    /** What the last process() returned. [audio thread] */
    BlockResult getLastBlockResult() const noexcept override { return lastResult; }

    /** What the worker holds, after recreateProcessor(). */
    struct WorkerFootprint
    {
        bool created = false;   /**< false: create() returned null, and the worker has ended */
        uint64_t heapBytes = 0; /**< what the C library's malloc has out (0 where it can't say) */
        int openFiles = 0;
    };

    /** Drops the plugin's processor in the worker and creates another, as a
        host does that makes and drops instances, and says what the worker
        holds after: a leak check. The sample rate and a reset go with the
        next block. Empty when the worker didn't answer within `timeoutMs`
        (a hang in drop() or create(), or its end: onFault says which).
        [not the audio thread; never while processing]
    */
    std::optional<WorkerFootprint> recreateProcessor (int timeoutMs);

    /** The plugin's own state, asked of the worker's control thread while
        blocks go on; false when it keeps none, is over
        WorkerChannel::stateCapacity, or the worker didn't answer within
        controlTimeoutMs (then no more are asked). [any thread but the audio thread]
    */
    bool getPluginState (juce::MemoryBlock& state) override;

    /** Hands the worker's plugin `state`, as getPluginState(). [any thread but the audio thread] */
    bool setPluginState (const juce::MemoryBlock& state) override;

    /** How long a state request waits for the worker. */
    static constexpr int controlTimeoutMs = 2000;

    /** Kills the worker, unless a debugger is attached to it; the end is no
        fault (onFault is not told). [message thread] */
    bool stopWhileHung() override;

    /** The call the worker marked last, or null for none. [any thread] */
    const char* getCallInProgress() const noexcept override;

    /** [any thread] */
    const PluginInfo& getInfo() const noexcept override { return info; }

    /** True once the worker has ended, asked or not. [any thread] */
    bool hasExited() const noexcept { return exited.load (std::memory_order_acquire); }

    /** [any thread] */
    int getWorkerProcessId() const noexcept { return (int) workerId; }

    /** Where the plugin broke a real-time rule so far. [any thread] */
    const RealtimeReport& getRealtimeReport() const noexcept { return realtimeReport->getReport(); }

    /** Reads what the worker's monitor found up to now into the report. [any thread but the audio thread] */
    void readRealtimeFindings() { realtimeReport->readNow(); }

    /** [any thread but the audio thread] */
    std::vector<RealtimeViolation> getRealtimeViolations() const override { return realtimeReport->getReport().getViolations(); }

    /** [any thread] */
    bool watchesRealtimeRules() const override { return realtimeReport->getReport().getWatchedCalls() != 0; }

    /** The share of a block's length process() waits for the worker's
        answer when its caller gives no deadline (a device callback gives
        one: PluginAudioCallback, the same share of the whole callback).
    */
    static constexpr double defaultAnswerBudget = 0.9;

    /** How long a worker is late on every block before process() stops
        waiting for every block (see process()).
    */
    static constexpr double restAfterLateSeconds = 0.25;

    /** While it rests, how often a block is sent to see whether it is on
        time again: the longest a recovered worker stays unheard.
    */
    static constexpr double probeIntervalSeconds = 0.1;

private:
    BlockResult processAndAnswer (float* const* channels, int numSamples, const float* values, size_t numValues) noexcept;
    IsolatedPluginInstance (std::unique_ptr<WorkerChannel> channel, pid_t workerId, const juce::File& file, const Options& options);

    PluginLoadError awaitLoad (int timeoutMs);
    PluginLoadError readLoadAnswer();
    PluginLoadError describeLoadFailure (int timeoutMs) const;
    PluginFault describeExit() const;
    void supervise();
    bool exchange (float* const* channels, int offset, int numSamples, const float* values, size_t numValues, juce::int64 answerBy) noexcept;
    bool isResting (int numSamples) noexcept;
    bool waitFor (uint32_t reply, int timeoutMs);
    bool askControl (WorkerChannel::ControlCommand command);
    void quitWorker();
    bool isBeingDebugged() const;

    std::unique_ptr<WorkerChannel> channel;
    WorkerChannel::Shared& shared;
    PluginInfo info;
    pid_t workerId;
    FaultCallback onFault;
    const double answerBudget;
    std::thread supervisor;
    std::unique_ptr<RealtimeReportThread> realtimeReport; // from the load on; goes before the channel
    std::atomic<bool> exited { false }, loading { true }, quitAsked { false }, killed { false }, mayReap { false };
    int exitSignal = 0, exitCode = 0; // written by the supervisor before `exited`
    std::atomic<double> sampleRate { 48000.0 };
    std::atomic<uint32_t> pendingFlags { 0 };
    std::atomic<juce::uint64> framesSent { 0 };               // the most the worker can have processed
    uint32_t requestsSent = 1;                                // the load is the first
    bool owesAnswer = false;                                  // [audio thread, or recreateProcessor()'s while none processes]
    juce::int64 answerDeadline = 0;                           // [audio thread]
    BlockResult lastResult = BlockResult::processed;          // [audio thread]
    juce::int64 lateSamplesInARow = 0, samplesSinceProbe = 0; // [audio thread]
    std::mutex controlLock;                                   // one control request at a time
    uint32_t controlRequestsSent = 0;                         // [controlLock]
    bool controlUnanswered = false;                           // [controlLock] a request timed out: no more are asked

    JUCE_DECLARE_NON_COPYABLE_WITH_LEAK_DETECTOR (IsolatedPluginInstance)
};

} // namespace wavecraft
