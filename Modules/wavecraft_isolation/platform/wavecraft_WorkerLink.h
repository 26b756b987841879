namespace wavecraft
{

/** What ties a worker to its host besides the shared memory: the per-block
    wake-ups, either way, and the worker's end when its host ends.

    The host rings the request bell after it wrote a request, the worker the
    reply bell after it answered; whoever sleeps waits while the bell's word
    (in the shared memory) still holds what it last saw. A ring is one system
    call, made on the host's audio thread once per block.

    - Linux: a futex on the shared word itself, and PR_SET_PDEATHSIG. Nothing
      is inherited.
    - POSIX (macOS, the BSDs; WAVECRAFT_POSIX_BACKENDS): a pipe per bell,
      written a byte to ring and polled to wait (the worker holds the control
      bell's writing end too, to wake its own control thread), and one more pipe whose
      writing end only the host holds: when it reads end-of-file, the worker
      ends. The worker inherits its ends as the descriptors from
      firstInheritedDescriptor up (getDescriptorsForWorker()).

    @see WorkerChannel
*/
class WorkerLink
{
public:
    enum class Bell
    {
        request,      /**< the host asks; the worker sleeps on it */
        reply,        /**< the worker answers; a host thread may sleep on it */
        control,      /**< the host asks beside the audio (a state); the worker's control thread sleeps on it */
        controlReply, /**< the control thread answers; the asking host thread sleeps on it */
        numBells
    };

    /** The host's side, made before the worker starts; null and `error` on failure. [host] */
    [[nodiscard]] static std::unique_ptr<WorkerLink> createForHost (juce::String& error);

    /** The worker's side, from the descriptors it inherited; null and `error` on failure. [worker] */
    [[nodiscard]] static std::unique_ptr<WorkerLink> openInWorker (juce::String& error);

    ~WorkerLink();

    /** The worker's first inherited descriptor. */
    static constexpr int firstInheritedDescriptor = 3;

    /** The host's descriptors the worker is to have, in order from
        firstInheritedDescriptor up (none on Linux). [host]
    */
    std::vector<int> getDescriptorsForWorker() const;

    /** How many descriptors a worker inherits: it closes every other one. */
    static int getNumInheritedDescriptors() noexcept;

    /** Wakes the side waiting on `bell`, whose `word` just changed: one
        system call. [any thread, the audio thread included]
    */
    void ring (Bell bell, std::atomic<uint32_t>& word) noexcept;

    /** Sleeps while `word` holds `value`, until `bell` rings, for at most
        `timeoutMs`; it may return early. [not the audio thread]
    */
    void waitWhileEquals (Bell bell, std::atomic<uint32_t>& word, uint32_t value, int timeoutMs) noexcept;

    /** Ends this process (exit 0) when its host ends, however the host ends
        (SIGKILL included), even while the plugin's code hangs. [worker, once]
    */
    void dieWithHost();

private:
    WorkerLink() = default;

    /** True for a bell the worker waits on (it reads its pipe), false for one the host waits on. */
    static constexpr bool workerWaitsOn (Bell bell) noexcept { return bell == Bell::request || bell == Bell::control; }

    // The POSIX backend's pipes: [read, write] per bell, and the host's life.
    int bellPipes[(size_t) Bell::numBells][2] = { { -1, -1 }, { -1, -1 }, { -1, -1 }, { -1, -1 } };
    int lifePipe[2] = { -1, -1 };

    JUCE_DECLARE_NON_COPYABLE (WorkerLink)
};

} // namespace wavecraft
