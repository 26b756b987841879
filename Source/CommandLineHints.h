#pragma once

#include <wavecraft_dev_host/wavecraft_dev_host.h>

/** The standalone host's words for what to do about a diagnostic: the
    command-line option that changes the thing it is about.
*/
class CommandLineHints : public wavecraft::DiagnosticHints
{
public:
    juce::String hintFor (const wavecraft::Diagnostic& diagnostic) const override;
};
