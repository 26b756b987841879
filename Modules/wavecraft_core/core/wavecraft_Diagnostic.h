namespace wavecraft
{

/** The diagnostic codes of the audio status: the Wavecraft protocol's, the only ones @wavecraft/core knows. */
enum class DiagnosticCode
{
    loaderUnavailable,
    vtableMissing,
    processorCreateFailed,
    noInputDevice,
    inputPermissionDenied,
    noOutputDevice,
    streamStartFailed,
    unknown
};

/** The Wavecraft protocol's spelling of a code, e.g. "loaderUnavailable". [any thread] */
juce::String toString (DiagnosticCode code);

//==============================================================================
/** Why the host cannot do what it was asked: a Wavecraft protocol code, a message that
    says what went wrong and where, an optional hint saying what to do, the
    setting it is about (subject) and the values it is about (fields).

    The module's hints speak of what to change, never of how an app lets its
    user change it; an app that has its own words for that (a settings page,
    its own option names) gives a DiagnosticHints, which reads the code,
    the subject and the fields.

    @see DiagnosticHints, AudioStatus
*/
struct Diagnostic
{
    /** The setting a diagnostic is about. */
    enum class Subject
    {
        none,
        plugin,
        device,
        inputSource,
        recording,
        port,
        origin
    };

    /** The keys of `fields`: the values a diagnostic is about. */
    struct Fields
    {
        static constexpr const char* deviceType = "deviceType";
        static constexpr const char* deviceName = "deviceName";
        static constexpr const char* inputSource = "inputSource";
        static constexpr const char* file = "file";
        static constexpr const char* port = "port";
        static constexpr const char* origin = "origin";
        static constexpr const char* fault = "fault";                   /**< the plugin's fault: "crash", "overrun", "hang", "nan" or "late" */
        static constexpr const char* signal = "signal";                 /**< a crash's signal, e.g. "SIGSEGV" */
        static constexpr const char* exitCode = "exitCode";             /**< a worker that exited unasked, without a signal */
        static constexpr const char* call = "call";                     /**< the ABI call a fault came in, e.g. "process" */
        static constexpr const char* secondsOfAudio = "secondsOfAudio"; /**< how much audio the plugin had played */
        static constexpr const char* secondsHung = "secondsHung";       /**< how long a call has not returned */
        static constexpr const char* block = "block";                   /**< the first block a fault was seen in (0 the first) */
        static constexpr const char* channels = "channels";             /**< "left", "right" or "both" */
        static constexpr const char* lateBlocks = "lateBlocks";         /**< blocks answered too late ... */
        static constexpr const char* blocks = "blocks";                 /**< ... of this many */
        static constexpr const char* overrun = "overrun";               /**< where an overrun went: "past_end" or "before_start" of its channel */
        static constexpr const char* build = "build";                   /**< the build a fault came from, when it is not the newest (an A/B's previous build) */
        static constexpr const char* refused = "refused";               /**< what a device runs at instead of what was asked: "sampleRate", "bufferSize" or both, comma-separated */
    };

    DiagnosticCode code = DiagnosticCode::unknown;
    juce::String message;
    juce::String hint;
    juce::NamedValueSet fields;
    Subject subject = Subject::none;

    /** "message; hint" on one line, for logs and error strings. [any thread] */
    juce::String describe() const;

    /** A subject as a program reads it, e.g. "plugin", "inputSource"; "" for none. [any thread] */
    static juce::String toString (Subject subject);
};

} // namespace wavecraft
