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

/** The contract's spelling of a code, e.g. "loaderUnavailable". [any thread] */
juce::String toString (DiagnosticCode code);

//==============================================================================
/** Why the host cannot do what it was asked: a contract code, a message that
    says what went wrong and where, an optional hint saying what to do, and
    fields naming what it is about.

    The module's hints speak of what to change, never of how an app lets its
    user change it; an app that has its own words for that (a command-line
    option, a settings page) gives a DiagnosticHints, which reads the code and
    the fields.

    @see DiagnosticHints, AudioStatus
*/
struct Diagnostic
{
    /** The keys of `fields`. "subject" names the setting a diagnostic is
        about; the others hold the values it is about.
    */
    struct Fields
    {
        static constexpr const char* subject = "subject";
        static constexpr const char* deviceType = "deviceType";
        static constexpr const char* deviceName = "deviceName";
        static constexpr const char* inputSource = "inputSource";
        static constexpr const char* file = "file";
        static constexpr const char* port = "port";
        static constexpr const char* origin = "origin";
    };

    /** The values of Fields::subject. */
    struct Subjects
    {
        static constexpr const char* plugin = "plugin";
        static constexpr const char* device = "device";
        static constexpr const char* inputSource = "inputSource";
        static constexpr const char* recording = "recording";
        static constexpr const char* port = "port";
        static constexpr const char* origin = "origin";
    };

    DiagnosticCode code = DiagnosticCode::unknown;
    juce::String message;
    juce::String hint;
    juce::NamedValueSet fields;

    /** The subject field, or "" when it has none. */
    juce::String getSubject() const { return fields[Fields::subject].toString(); }

    /** "message (hint)" on one line, for logs and the command line. */
    juce::String describe() const;
};

} // namespace wavecraft
