namespace wavecraft
{

/** Tells the message thread the moment a file is replaced or rewritten:
    a new file renamed over it (what most builds do), or a write to it closed.
    On Linux it waits on inotify, watching the file's folder (a rename over
    the file is an event of the folder), so it sees the change within
    microseconds and never while a writer still has the file open. A folder
    that isn't there yet, or is deleted (a clean build of a bundle), is
    waited for from the nearest folder above it that is, and watched again
    once it is made. With the
    POSIX backends (macOS, the BSDs; see WAVECRAFT_POSIX_BACKENDS) it looks
    at the file's stat every statIntervalMs: a new file (renamed over it)
    once it is the same for two looks, a write in place once it stayed the
    same for writeSettleMs; a writer that pauses longer is announced early.
    Where inotify is unavailable, isWatching() is false and the owner polls
    instead.

    To use one: create it on the file, set onChange, and call start().
*/
class FileChangeWatcher : private juce::Thread,
                          private juce::AsyncUpdater
{
public:
    /** Where onChange is called. */
    enum class Delivery
    {
        messageThread, /**< the usual: through an AsyncUpdater */
        watchThread    /**< at once, on the watch's own thread: where no message loop can be counted on (a plugin in a host) */
    };

    /** [message thread] */
    explicit FileChangeWatcher (const juce::File& file, Delivery delivery = Delivery::messageThread);
    /** Stops watching. [message thread] */
    ~FileChangeWatcher() override;

    /** Called after the file changed, on the thread the Delivery names
        (several changes close together may come as one call). Set before
        start().
    */
    std::function<void()> onChange;

    /** Starts watching; false when this platform or file system can't
        notify (then poll). [message thread]
    */
    bool start();

    /** [message thread] */
    bool isWatching() const noexcept { return watchHandle >= 0; }

    /** How often the POSIX backend looks at the file, and how long a file
        written in place must stay the same before it is announced.
    */
    static constexpr int statIntervalMs = 5, writeSettleMs = 100;

private:
    void run() override;
    bool watchNearestFolder();
    void announce();
    void handleAsyncUpdate() override;

    const juce::File file;
    const Delivery delivery;
    int notifyHandle = -1;
    std::atomic<int> watchHandle { -1 }; // changed by the watch's thread as folders come and go, read by isWatching()
    int wakeHandle = -1;                 // an eventfd the destructor writes, so the thread ends at once
    bool watchingFolder = false;         // the file's own folder; else the nearest above it that exists
    FileStamp startedWith;               // the file as start() saw it: a change before the thread runs is a change

    JUCE_DECLARE_NON_COPYABLE_WITH_LEAK_DETECTOR (FileChangeWatcher)
};

} // namespace wavecraft
