namespace wavecraft
{

/** An app's own words for what its user should do about a diagnostic: it
    names its own controls, e.g. a settings page or its option names. The
    module's hint stays where this says nothing.

    Give one to HostSession::setDiagnosticHints (which passes it to the
    engine), or AudioEngine::setDiagnosticHints without a session, and to
    WebSocketServer::Options::hints.

    @see Diagnostic, HostSession::setDiagnosticHints, AudioEngine::setDiagnosticHints, WebSocketServer::Options
*/
class DiagnosticHints
{
public:
    virtual ~DiagnosticHints() = default;

    /** The hint to show for `diagnostic`, or "" to keep its own. Reads its
        code, subject and fields. [message thread, or a server's I/O thread]
    */
    virtual juce::String hintFor (const Diagnostic& diagnostic) const = 0;

    /** `diagnostic` with this app's hint in place of its own, where there
        is one. A null `hints` leaves it as it is. [the threads hintFor() allows]
    */
    static Diagnostic apply (const DiagnosticHints* hints, Diagnostic diagnostic)
    {
        if (hints != nullptr)
            if (auto hint = hints->hintFor (diagnostic); hint.isNotEmpty())
                diagnostic.hint = std::move (hint);

        return diagnostic;
    }
};

} // namespace wavecraft
