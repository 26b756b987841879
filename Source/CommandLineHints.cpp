#include "CommandLineHints.h"

juce::String CommandLineHints::hintFor (const wavecraft::Diagnostic& diagnostic) const
{
    using wavecraft::Diagnostic;
    using wavecraft::DiagnosticCode;
    const auto subject = diagnostic.subject;

    if (diagnostic.code == DiagnosticCode::noInputDevice)
        return "pass --input-source sine (or silence, noise, file:PATH), or choose an input with --input";

    if (diagnostic.code == DiagnosticCode::noOutputDevice)
        return "choose an output with --output to hear it";

    if (subject == Diagnostic::Subject::inputSource)
        return "check --input-source";

    if (subject == Diagnostic::Subject::device && diagnostic.fields.contains (Diagnostic::Fields::refused))
        return "pass a --sample-rate and --buffer-size the device offers (listed above), or choose another with --device-type";

    if (subject == Diagnostic::Subject::device && diagnostic.code == DiagnosticCode::unknown)
        return "check --device-type, --input and --output";

    if (subject == Diagnostic::Subject::recording)
        return "check --record";

    if (subject == Diagnostic::Subject::port)
        return "is another wavecraft-host running? Pick another with --port N, or --port 0 for any free port";

    if (subject == Diagnostic::Subject::plugin && diagnostic.fields[Diagnostic::Fields::fault] == "late")
        return "the machine is too busy for it (other audio programs, heavy processes), or its process() takes nearly a "
               "whole block: close what competes, make process() cheaper, or choose a bigger block size (--buffer-size); "
               "this clears once it answers in time";

    if (subject == Diagnostic::Subject::plugin && diagnostic.fields.contains (Diagnostic::Fields::fault))
        return diagnostic.fields[Diagnostic::Fields::fault] == "hang"
            ? "fix the plugin and rebuild it; to see where it loops, run the host with --in-process under gdb and interrupt it"
            : "fix the plugin and rebuild it; to find the fault, run the host with --in-process under gdb "
              "(gdb --args wavecraft-host --in-process --plugin ...)";

    if (subject == Diagnostic::Subject::origin)
        return "start the host with --allow-origin " + diagnostic.fields[Diagnostic::Fields::origin].toString() + " to accept it";

    return {};
}
