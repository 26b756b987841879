namespace wavecraft
{

/** The thread a public entry point must be called on, checked in every build
    where that is cheap: WAVECRAFT_ASSERT_MESSAGE_THREAD.

    A call from the wrong thread is a bug in the caller, and a quiet one: it
    mostly works, until it races. So it is said in release builds too, once
    per place: by default one line through juce::Logger naming the function
    and the thread it needs (and a jassert in debug builds). A test or an app
    can take the reports instead (setHandler). The call then goes on as it
    would have: the report tells the developer, it doesn't stop the app.

    [any thread]
*/
class ThreadContract
{
public:
    /** Receives each broken contract: the function ("wavecraft::HostSession::stop")
        and the thread it must be called on ("the message thread").
    */
    using Handler = void (*) (const juce::String& function, const char* requiredThread);

    /** Sends reports to `handler` (null: the default, juce::Logger); returns
        the one it replaces. [any thread]
    */
    static Handler setHandler (Handler handler) noexcept;

    /** Reports a broken contract unless `reportedHere` says this place
        already did. `prettyFunction` is the compiler's name of the function.
        [any thread but the audio thread]
    */
    static void reportBroken (const char* prettyFunction, const char* requiredThread, std::atomic<bool>& reportedHere);

    /** The qualified name in a compiler's function signature:
        "juce::Result wavecraft::HostSession::start(const Options&)" gives
        "wavecraft::HostSession::start".
    */
    static juce::String nameOf (const char* prettyFunction);
};

} // namespace wavecraft

#if JUCE_MSVC
#define WAVECRAFT_FUNCTION_SIGNATURE __FUNCSIG__
#else
#define WAVECRAFT_FUNCTION_SIGNATURE __PRETTY_FUNCTION__
#endif

/** At the top of a public entry point that must run on the message thread
    (or with the MessageManagerLock held): a report when it doesn't, once per
    place, in every build. For modules that use juce_events.
*/
#define WAVECRAFT_ASSERT_MESSAGE_THREAD                                                                 \
    JUCE_BLOCK_WITH_FORCED_SEMICOLON (if (! juce::MessageManager::existsAndIsLockedByCurrentThread()) { \
        static std::atomic<bool> wavecraftContractReported { false };                                   \
        wavecraft::ThreadContract::reportBroken (WAVECRAFT_FUNCTION_SIGNATURE, "the message thread",    \
                                                 wavecraftContractReported);                            \
    })
