namespace wavecraft
{

/** Watches a Rust engine's sources as upstream's dev server does: every
    `.rs` file under the source folder, and the crate's Cargo.toml; never
    `target/`, hidden files and folders, or editors' temporary files
    (`.swp`, `.swo`, `~`, `.#`). Once changes have been quiet for
    debounceMs (upstream's 500 ms), it says so, once, on the message thread,
    with when the first change of the batch was seen.

    inotify on Linux, every folder of the tree watched (new ones too); a
    look every 20 ms elsewhere.
*/
class SourceTreeWatcher : private juce::Thread,
                          private juce::AsyncUpdater
{
public:
    /** `sourceFolder` recursively, and `manifest`. [message thread] */
    SourceTreeWatcher (const juce::File& sourceFolder, const juce::File& manifest);

    /** [message thread] */
    ~SourceTreeWatcher() override;

    /** After a batch of changes, with the monotonic time (getMonotonicNanos)
        its first change was seen and the files it changed. [message thread]
    */
    std::function<void (juce::int64 firstChangeNanos, const juce::StringArray& changed)> onChange;

    /** Watches from now on: a change after this returns is seen. [message thread] */
    void start();

    /** True when `file` is one a change of which means a rebuild. [any thread] */
    bool isWatched (const juce::File& file) const;

    static constexpr int debounceMs = 500;

private:
    void run() override;
    void handleAsyncUpdate() override;
    void note (const juce::File& file);
    void markReady();
#if JUCE_LINUX
    void watchTree (const juce::File& folder, bool noteFilesInIt);
    void readEvents();
    int notifyHandle = -1, wakeHandle = -1;
    std::map<int, juce::File> watchedFolders; // [the watch thread]
#endif

    const juce::File sourceFolder, manifest;
    std::mutex lock;
    juce::StringArray changed, ready;      // [lock] the batch still changing, and the one quiet long enough to tell
    juce::int64 firstChangeNanos = 0;      // [lock] of `changed`
    juce::int64 readyFirstChangeNanos = 0; // [lock] of `ready`
    juce::int64 lastChangeNanos = 0;       // [lock] 0: nothing waits to be told

    JUCE_DECLARE_NON_COPYABLE_WITH_LEAK_DETECTOR (SourceTreeWatcher)
};

} // namespace wavecraft
