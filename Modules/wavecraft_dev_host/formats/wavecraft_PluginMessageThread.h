namespace wavecraft
{

/** The message thread a JUCE-hosted VST3 or LV2 plugin needs, in a process
    that has none: a plugin worker, which runs no JUCEApplication.

    A VST3's module is made, prepared and ended on the message thread, and
    a JUCE-built plugin expects to be; so in a worker a thread of this
    class becomes the message thread and dispatches messages until the last
    user lets go of it.

    In a process with a message thread of its own (an app, a test), acquire()
    gives null, and calls run where they are made: on that message thread,
    or where the app's code calls them, as a JUCE host would.

    @see FormatPluginLibrary
*/
class PluginMessageThread : private juce::Thread
{
public:
    /** This process's, started if need be; null when the process has a
        message thread of its own. [any thread but the audio thread]
    */
    static std::shared_ptr<PluginMessageThread> acquire();

    /** Runs `function` on `thread` (null: in place) and waits for it.
        [any thread; not the audio thread of an app]
    */
    static void call (PluginMessageThread* thread, const std::function<void()>& function);

    /** Stops the dispatch loop and waits for the thread. */
    ~PluginMessageThread() override;

private:
    PluginMessageThread();
    void run() override;

    juce::WaitableEvent started;

    JUCE_DECLARE_NON_COPYABLE_WITH_LEAK_DETECTOR (PluginMessageThread)
};

} // namespace wavecraft
