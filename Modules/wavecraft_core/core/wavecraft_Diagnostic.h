namespace wavecraft
{

/** The diagnostic codes of the audio status (CONTRACT.md, section 2). */
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
    says what went wrong and where, and an optional hint saying what to do.
*/
struct Diagnostic
{
    DiagnosticCode code = DiagnosticCode::unknown;
    juce::String message;
    juce::String hint;

    /** "message (hint)" on one line, for logs and the command line. */
    juce::String describe() const;
};

} // namespace wavecraft
