namespace wavecraft
{

juce::String ValidationReport::toLine (const ValidationCheck& check)
{
    return juce::String (ValidationCheck::getName (check.result)).toUpperCase() + " " + check.id + ": " + check.detail;
}

int ValidationReport::count (const std::vector<ValidationCheck>& checks, ValidationCheck::Result result)
{
    return (int) std::count_if (checks.begin(), checks.end(), [result] (const auto& check)
                                { return check.result == result; });
}

juce::String ValidationReport::summarize (const std::vector<ValidationCheck>& checks)
{
    return juce::String (count (checks, ValidationCheck::Result::pass)) + " passed, " + juce::String (count (checks, ValidationCheck::Result::warn))
        + " warned, " + juce::String (count (checks, ValidationCheck::Result::fail)) + " failed";
}

namespace
{
    juce::var toJson (const StackFrame& frame)
    {
        auto* object = new juce::DynamicObject();
        object->setProperty ("function", frame.function);

        if (frame.file.isNotEmpty())
        {
            object->setProperty ("file", frame.file);
            object->setProperty ("line", frame.line);
        }

        object->setProperty ("library", frame.library);
        return object;
    }

    juce::var toJson (const ValidationCheck& check)
    {
        auto* object = new juce::DynamicObject();
        object->setProperty ("id", check.id);
        object->setProperty ("result", ValidationCheck::getName (check.result));
        object->setProperty ("detail", check.detail);

        if (! check.stack.empty())
        {
            juce::Array<juce::var> frames;

            for (const auto& frame : check.stack)
                frames.add (toJson (frame));

            object->setProperty ("stack", frames);
        }

        return object;
    }

    juce::String describeStack (const std::vector<StackFrame>& stack)
    {
        juce::StringArray lines;

        for (const auto& frame : stack)
            lines.add ("  at " + StackSymbolizer::describe (frame));

        return lines.joinIntoString ("\n");
    }
} // namespace

juce::String ValidationReport::toJson (const juce::File& plugin, const std::vector<ValidationCheck>& checks)
{
    juce::Array<juce::var> list;

    for (const auto& check : checks)
        list.add (wavecraft::toJson (check));

    auto* root = new juce::DynamicObject();
    root->setProperty ("plugin", plugin.getFullPathName());
    root->setProperty ("checks", list);
    root->setProperty ("passed", count (checks, ValidationCheck::Result::pass));
    root->setProperty ("warned", count (checks, ValidationCheck::Result::warn));
    root->setProperty ("failed", count (checks, ValidationCheck::Result::fail));
    return juce::JSON::toString (juce::var (root)) + "\n";
}

juce::String ValidationReport::toJunit (const juce::File& plugin, const std::vector<ValidationCheck>& checks)
{
    double seconds = 0.0;

    for (const auto& check : checks)
        seconds += check.seconds;

    juce::XmlElement suites ("testsuites");
    auto* suite = suites.createNewChildElement ("testsuite");
    suite->setAttribute ("name", "wavecraft-host --validate " + plugin.getFileName());
    suite->setAttribute ("tests", (int) checks.size());
    suite->setAttribute ("failures", count (checks, ValidationCheck::Result::fail));
    suite->setAttribute ("errors", 0);
    suite->setAttribute ("time", juce::String (seconds, 3));

    for (const auto& check : checks)
    {
        auto* testCase = suite->createNewChildElement ("testcase");
        testCase->setAttribute ("classname", "wavecraft.validate." + plugin.getFileNameWithoutExtension());
        testCase->setAttribute ("name", check.id);
        testCase->setAttribute ("time", juce::String (check.seconds, 3));

        if (check.result == ValidationCheck::Result::fail)
        {
            auto* failure = testCase->createNewChildElement ("failure");
            failure->setAttribute ("message", check.detail);
            failure->addTextElement (check.detail + (check.stack.empty() ? juce::String() : "\n" + describeStack (check.stack)));
        }
        else if (check.result == ValidationCheck::Result::warn)
        {
            testCase->createNewChildElement ("system-out")->addTextElement ("warning: " + check.detail);
        }
    }

    return suites.toString();
}

} // namespace wavecraft
