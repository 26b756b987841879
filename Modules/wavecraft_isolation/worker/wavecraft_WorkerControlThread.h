namespace wavecraft
{

/** A plugin worker's second thread: it serves the host's control requests
    (a plugin's own state, got or set) while the worker's main thread goes on
    processing blocks, so a state that takes long to make never makes a
    block late.

    It calls the processor table's getState and setState, marking the call
    in Shared::controlCall so a crash there is named. The main thread hands
    it the processor, and takes it away (setProcessor (nullptr)) before it
    drops it: a call in progress finishes first.

    Start it before the worker's main thread takes its real-time priority
    and the real-time monitor: a thread inherits both from its creator.

    @see PluginWorker, WorkerChannel
*/
class WorkerControlThread
{
public:
    /** Starts serving requests for `processor`, made with `table`. [worker's main thread] */
    WorkerControlThread (WorkerChannel& channel, const PluginLibrary::ProcessorTable& table, void* processor);

    /** Stops serving, and waits for the thread to end (a call in progress
        first); a request that comes later is never answered (the host
        times out). [worker's main thread]
    */
    ~WorkerControlThread();

    /** The processor requests go to, once a call in progress returns; null:
        none, and each request is answered noState. [worker's main thread]
    */
    void setProcessor (void* processor);

private:
    void run();
    void serve();

    WorkerChannel& channel;
    const PluginLibrary::ProcessorTable& table;
    std::mutex lock;
    void* processor = nullptr; // [lock]
    std::atomic<bool> stopping { false };
    std::thread thread;

    JUCE_DECLARE_NON_COPYABLE (WorkerControlThread)
};

} // namespace wavecraft
