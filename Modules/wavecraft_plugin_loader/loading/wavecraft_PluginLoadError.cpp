namespace wavecraft
{

DiagnosticCode PluginLoadError::getDiagnosticCode() const noexcept
{
    switch (kind)
    {
        case Kind::tableSymbolMissing:
        case Kind::unsupportedVersion:
        case Kind::invalidTable:
            return DiagnosticCode::vtableMissing;

        case Kind::createFailed:
            return DiagnosticCode::processorCreateFailed;

        case Kind::fileMissing:
        case Kind::copyFailed:
        case Kind::notALibrary:
        case Kind::symbolMissing:
        case Kind::invalidParameters:
        case Kind::invalidProcessors:
            return DiagnosticCode::loaderUnavailable;

        case Kind::none:
            break;
    }

    return DiagnosticCode::unknown;
}

Diagnostic PluginLoadError::toDiagnostic() const
{
    Diagnostic diagnostic { getDiagnosticCode(), message, hint, {} };
    diagnostic.subject = Diagnostic::Subject::plugin;
    return diagnostic;
}

} // namespace wavecraft
