#include "ValidateCommand.h"
#include "StandardErrorLog.h"

#include <iostream>

namespace
{
bool writeReport (const juce::File& file, const juce::String& text)
{
    if (file == juce::File() || file.replaceWithText (text, false, false, "\n"))
        return true;

    StandardErrorLog::writeLine ("could not write " + file.getFullPathName() + ": check that its folder exists and is writable");
    return false;
}
} // namespace

int runValidateCommand (const CommandLineOptions& options, const juce::File& plugin)
{
    using namespace wavecraft;

    PluginValidator::Options validation;
    validation.quick = options.quickValidation;
    validation.onCheck = [] (const ValidationCheck& check)
    { std::cout << ValidationReport::toLine (check) << std::endl; };

    const auto checks = PluginValidator::run (plugin, validation);
    std::cout << ValidationReport::summarize (checks) << std::endl;

    auto written = writeReport (options.validationJson, ValidationReport::toJson (plugin, checks));
    written = writeReport (options.validationJunit, ValidationReport::toJunit (plugin, checks)) && written;

    if (! written)
        return 2;

    return ValidationReport::count (checks, ValidationCheck::Result::fail) > 0 ? 1 : 0;
}
