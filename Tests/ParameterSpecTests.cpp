#include "TestHelpers.h"

using wavecraft::ParameterSpecParser;
using wavecraft::ParameterType;

namespace
{
std::string spec (const std::string& fields)
{
    return "[{\"id\":\"p\",\"name\":\"P\",\"value\":0," + fields + "}]";
}

juce::String errorOf (const std::string& json)
{
    const auto result = ParameterSpecParser::parseParameters (json);
    REQUIRE (result.failed());
    REQUIRE (result.parameters.empty());
    return result.error;
}
} // namespace

TEST_CASE ("A valid params array becomes typed specs in order", "[params]")
{
    const auto result = ParameterSpecParser::parseParameters (R"([
        {"id":"gain","name":"Gain","type":"float","value":1,"default":0.5,"min":0,"max":2,"unit":"dB","group":"Input","future":[1,2]},
        {"id":"mute","name":"Mute","type":"bool","value":false,"default":true,"min":0,"max":1,"unit":null,"group":null},
        {"id":"shape","name":"Shape","type":"enum","value":0,"default":1,"min":0,"max":2,"variants":["Sine","Square","Saw"]},
        {"id":"steps","name":"Steps","type":"enum","value":2,"default":2,"min":1,"max":4}
    ])");

    INFO (result.error);
    REQUIRE_FALSE (result.failed());
    REQUIRE (result.parameters.size() == 4);

    const auto& gain = result.parameters[0];
    CHECK (gain.id == "gain");
    CHECK (gain.name == "Gain");
    CHECK (gain.type == ParameterType::floatType);
    CHECK (gain.defaultValue == 0.5f);
    CHECK (gain.minValue == 0.0f);
    CHECK (gain.maxValue == 2.0f);
    CHECK (gain.unit == "dB");
    CHECK (gain.group == "Input");

    const auto& mute = result.parameters[1];
    CHECK (mute.type == ParameterType::boolType);
    CHECK (mute.defaultValue == 1.0f);
    CHECK (mute.unit.isEmpty());
    CHECK (mute.group.isEmpty());

    const auto& shape = result.parameters[2];
    CHECK (shape.type == ParameterType::enumType);
    CHECK (shape.variants == juce::StringArray { "Sine", "Square", "Saw" });
    CHECK (shape.getVariantName (2) == "Saw");
    CHECK (shape.getNumSteps() == 3);

    const auto& steps = result.parameters[3];
    CHECK (steps.variants.isEmpty());
    CHECK (steps.getNumSteps() == 4);
    CHECK (steps.checkValue (4).wasOk());
    CHECK (steps.checkValue (0).failed());
}

TEST_CASE ("An empty params array is a plugin without parameters", "[params]")
{
    const auto result = ParameterSpecParser::parseParameters ("[]");
    CHECK_FALSE (result.failed());
    CHECK (result.parameters.empty());
}

TEST_CASE ("Invalid JSON is reported with the byte where it breaks", "[params]")
{
    const auto error = errorOf (R"([{"id": "gain", oops}])");
    INFO (error);
    CHECK (error.startsWith ("its JSON is not valid at byte 17 (line 1, column 17): syntax error"));
}

TEST_CASE ("A number too big for a double is an error, not a crash", "[params]")
{
    CHECK (errorOf (R"([{"id":"p","name":"P","type":"float","value":1e999,"default":0,"min":0,"max":1}])").contains ("number overflow"));
}

TEST_CASE ("Each rule of a spec is checked and named in the error", "[params]")
{
    SECTION ("not an array")
    {
        CHECK (errorOf (R"({"id":"p"})") == "its JSON must be an array of parameter specs, not an object");
    }
    SECTION ("an element that is not an object")
    {
        CHECK (errorOf ("[1]").contains ("parameter 0 must be an object, not a number"));
    }
    SECTION ("missing required field")
    {
        CHECK (errorOf (spec (R"("type":"float","min":0,"max":1)")).contains ("missing the required field 'default'"));
    }
    SECTION ("wrong field type")
    {
        CHECK (errorOf (spec (R"("type":"float","default":"1","min":0,"max":1)")).contains ("field 'default' must be a number, not a string"));
    }
    SECTION ("unknown type")
    {
        CHECK (errorOf (spec (R"("type":"double","default":0,"min":0,"max":1)")).contains ("has type 'double'"));
    }
    SECTION ("min not below max")
    {
        const auto error = errorOf (spec (R"("type":"float","default":1,"min":1,"max":1)"));
        CHECK (error.contains ("parameter 0 (\"p\")"));
        CHECK (error.contains ("min (1) not less than max (1)"));
    }
    SECTION ("default out of range")
    {
        CHECK (errorOf (spec (R"("type":"float","default":3,"min":0,"max":2)")).contains ("default 3 outside its range [0, 2]"));
    }
    SECTION ("bool with a range other than 0..1")
    {
        CHECK (errorOf (spec (R"("type":"bool","default":0,"min":0,"max":2)")).contains ("is a bool"));
    }
    SECTION ("enum with a fractional range")
    {
        CHECK (errorOf (spec (R"("type":"enum","default":0,"min":0,"max":2.5)")).contains ("must be integers"));
    }
    SECTION ("enum variant count differs from its range")
    {
        CHECK (errorOf (spec (R"("type":"enum","default":0,"min":0,"max":2,"variants":["A","B"])"))
                   .contains ("has 2 variants but its range 0..2 has 3 values"));
    }
    SECTION ("duplicate ids")
    {
        const auto error = errorOf (R"([
            {"id":"a","name":"A","type":"float","value":0,"default":0,"min":0,"max":1},
            {"id":"a","name":"A2","type":"float","value":0,"default":0,"min":0,"max":1}])");
        CHECK (error.contains ("parameter 1 (\"a\") repeats the id"));
    }
    SECTION ("empty id")
    {
        CHECK (errorOf (R"([{"id":"","name":"A","type":"float","value":0,"default":0,"min":0,"max":1}])").contains ("empty 'id'"));
    }
}

TEST_CASE ("Values are checked against their spec", "[params]")
{
    const auto result = ParameterSpecParser::parseParameters (R"([
        {"id":"gain","name":"Gain","type":"float","value":1,"default":1,"min":0,"max":2},
        {"id":"mute","name":"Mute","type":"bool","value":0,"default":0,"min":0,"max":1},
        {"id":"shape","name":"Shape","type":"enum","value":0,"default":0,"min":0,"max":2,"variants":["Sine","Square","Saw"]}])");
    REQUIRE_FALSE (result.failed());
    const auto& gain = result.parameters[0];
    const auto& mute = result.parameters[1];
    const auto& shape = result.parameters[2];

    CHECK (gain.checkValue (0.0).wasOk());
    CHECK (gain.checkValue (2.0).wasOk());
    CHECK (gain.checkValue (2.01).getErrorMessage() == "'gain' takes a number from 0 to 2, got 2.01");
    CHECK (gain.checkValue (std::nan ("")).failed());
    CHECK (mute.checkValue (1.0).wasOk());
    CHECK (mute.checkValue (0.5).getErrorMessage().contains ("0 (off) or 1 (on)"));
    CHECK (shape.checkValue (1.0).wasOk());
    CHECK (shape.checkValue (1.5).getErrorMessage() == "'shape' takes an integer from 0 to 2 (Sine, Square or Saw), got 1.5");
    CHECK (shape.checkValue (3.0).failed());

    float value = -1.0f;
    CHECK (gain.parseValue ("0.25", value).wasOk());
    CHECK (value == 0.25f);
    CHECK (mute.parseValue ("on", value).wasOk());
    CHECK (value == 1.0f);
    CHECK (mute.parseValue ("false", value).wasOk());
    CHECK (value == 0.0f);
    CHECK (shape.parseValue ("saw", value).wasOk());
    CHECK (value == 2.0f);
    CHECK (shape.parseValue ("Triangle", value).getErrorMessage() == "'shape' takes Sine, Square or Saw (or 0 to 2), got 'Triangle'");
    CHECK (mute.parseValue ("yes", value).getErrorMessage() == "'mute' takes true, on or 1, or false, off or 0, got 'yes'");
    CHECK (gain.parseValue ("loud", value).getErrorMessage() == "'gain' takes a number from 0 to 2, got 'loud'");
}

TEST_CASE ("Non-ASCII ids, names, units and variants survive the params parser byte for byte", "[params]")
{
    // UTF-8 as serde_json writes it, and the same text as JSON escapes (a
    // surrogate pair for the emoji), as other JSON writers do.
    const auto raw = ParameterSpecParser::parseParameters (
        "[{\"id\":\"gain_\xc3\xa9\",\"name\":\"Gr\xc3\xbc\xc3\x9f"
        "e\",\"type\":\"float\",\"value\":1,\"default\":1,\"min\":0,\"max\":2,"
        "\"unit\":\"\xc2\xb5s\",\"group\":\"\xc3\x84mter\"},"
        "{\"id\":\"\xe5\xa2\x97\xe5\xb9\x85\",\"name\":\"Form \xf0\x9f\x8e\x9b\",\"type\":\"enum\",\"value\":0,\"default\":0,\"min\":0,\"max\":1,"
        "\"variants\":[\"D\xc3\xbcse\",\"\xce\xa9\"]}]");
    const auto escaped = ParameterSpecParser::parseParameters (R"([
        {"id":"gain_\u00e9","name":"Gr\u00fc\u00dfe","type":"float","value":1,"default":1,"min":0,"max":2,"unit":"\u00b5s","group":"\u00c4mter"},
        {"id":"\u5897\u5e45","name":"Form \ud83c\udf9b","type":"enum","value":0,"default":0,"min":0,"max":1,"variants":["D\u00fcse","\u03a9"]}])");

    for (const auto* result : { &raw, &escaped })
    {
        INFO (result->error);
        REQUIRE_FALSE (result->failed());
        REQUIRE (result->parameters.size() == 2);
        const auto& gain = result->parameters[0];
        const auto& shape = result->parameters[1];

        CHECK (gain.id.toStdString() == "gain_\xc3\xa9");
        CHECK (gain.name.toStdString() == "Gr\xc3\xbc\xc3\x9f"
                                          "e");
        CHECK (gain.unit.toStdString() == "\xc2\xb5s");
        CHECK (gain.group.toStdString() == "\xc3\x84mter");
        CHECK (shape.id.toStdString() == "\xe5\xa2\x97\xe5\xb9\x85");
        CHECK (shape.name.toStdString() == "Form \xf0\x9f\x8e\x9b");
        REQUIRE (shape.variants.size() == 2);
        CHECK (shape.variants[0].toStdString() == "D\xc3\xbcse");
        CHECK (shape.variants[1].toStdString() == "\xce\xa9");

        // An enum value by its non-ASCII variant name, as --set takes it.
        float value = -1.0f;
        CHECK (shape.parseValue (juce::CharPointer_UTF8 ("\xce\xa9"), value).wasOk());
        CHECK (value == 1.0f);
        CHECK (shape.parseValue ("Duse", value).getErrorMessage().contains (juce::CharPointer_UTF8 ("D\xc3\xbcse or \xce\xa9 (or 0 to 1)")));
    }

    // An error names a non-ASCII id intact.
    const auto duplicate = errorOf ("[{\"id\":\"\xce\xa9\",\"name\":\"A\",\"type\":\"bool\",\"value\":0,\"default\":0,\"min\":0,\"max\":1},"
                                    " {\"id\":\"\xce\xa9\",\"name\":\"B\",\"type\":\"bool\",\"value\":0,\"default\":0,\"min\":0,\"max\":1}]");
    CHECK (duplicate.toStdString() == "parameter 1 (\"\xce\xa9\") repeats the id of an earlier parameter; ids must be unique");

    // The library the end-to-end tests use declares the same, through the loader.
    const auto library = wavecraft::test::loadOrFail (wavecraft::test::getTestPlugin ("tp_params_non_ascii"));
    const auto& specs = library->getParameters();
    REQUIRE (specs.size() == 3);
    CHECK (specs[0].id.toStdString() == "gain_\xc3\xa9");
    CHECK (specs[1].id.toStdString() == "\xe7\x84\xa1\xe9\x9f\xb3");
    CHECK (specs[2].variants.joinIntoString ("|").toStdString() == "D\xc3\xbcse|\xce\xa9|\xf0\x9f\x8e\x9b knob");
}

TEST_CASE ("The processors list is an array of ids", "[params]")
{
    const auto ok = ParameterSpecParser::parseProcessors (R"([{"id":"main"},{"id":"sidechain","extra":1}])");
    CHECK_FALSE (ok.failed());
    CHECK (ok.processorIds == juce::StringArray { "main", "sidechain" });

    CHECK (ParameterSpecParser::parseProcessors (R"([{"name":"main"}])").error.contains ("processor 0"));
    CHECK (ParameterSpecParser::parseProcessors ("{").error.contains ("its JSON is not valid"));
}

TEST_CASE ("Counts read as a person writes them: 1 parameter, 4 parameters", "[params]")
{
    using namespace wavecraft;
    CHECK (countOf (1, "parameter", "parameters") == "1 parameter");
    CHECK (countOf (0, "parameter", "parameters") == "0 parameters");
    CHECK (countOf (4, "block", "blocks") == "4 blocks");

    PluginInfo info;
    info.file = juce::File ("/tmp/libmine.so");
    info.abiVersion = 2;
    info.parameters.resize (1);
    CHECK (info.describe() == "libmine.so (ABI v2, 1 parameter)");
    info.parameters.resize (3);
    info.isolated = true;
    CHECK (info.describe() == "libmine.so (ABI v2, 3 parameters, in its own process)");
}
