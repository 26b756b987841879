#include "TestHelpers.h"

#include <unistd.h>

using namespace wavecraft;
using Kind = PluginLoadError::Kind;

namespace
{
PluginLoadError loadError (const juce::File& file)
{
    auto result = PluginLibrary::load (file);
    REQUIRE (result.failed());
    REQUIRE (result.error.failed());
    return result.error;
}
} // namespace

TEST_CASE ("A version 2 plugin loads with its parameters and processors", "[loader]")
{
    auto library = test::loadOrFail (test::getTestPlugin ("tp_v2"));

    CHECK (library->getProcessorTable().version == 2);
    CHECK (library->getProcessorTable().applyPlainValues != nullptr);

    const auto& parameters = library->getParameters();
    REQUIRE (parameters.size() == 4);
    CHECK (parameters[0].id == "gain");
    CHECK (parameters[0].unit == "x");
    CHECK (parameters[1].type == ParameterType::boolType);
    CHECK (parameters[2].variants == juce::StringArray { "Clean", "Soft", "Hard" });
    CHECK (parameters[3].minValue == 1.0f);
    CHECK (library->getProcessorIds() == juce::StringArray { "main", "aux" });
}

TEST_CASE ("Every string the plugin returns is freed with its own free function", "[loader]")
{
    auto library = test::loadOrFail (test::getTestPlugin ("tp_v2"));
    const auto& counters = test::getCounters (*library);
    CHECK (counters.stringsReturned == 2);
    CHECK (counters.stringsFreed == 2);
}

TEST_CASE ("A version 1 plugin loads without parameter injection", "[loader]")
{
    auto library = test::loadOrFail (test::getTestPlugin ("tp_v1"));
    CHECK (library->getProcessorTable().version == 1);
    CHECK (library->getProcessorTable().applyPlainValues == nullptr);
    CHECK (library->getProcessorTable().drop != nullptr);
    CHECK (library->getParameters().size() == 4);
}

TEST_CASE ("The library is loaded from a private copy, so the original can be rebuilt", "[loader]")
{
    test::TemporaryFolder temp;
    const auto original = temp.getFile ("plugin" WAVECRAFT_PLUGIN_SUFFIX);
    REQUIRE (test::getTestPlugin ("tp_v2").copyFileTo (original));

    auto first = test::loadOrFail (original);
    const auto copy = first->getLoadedCopy();
    CHECK (copy != original);
    CHECK (copy.existsAsFile());
    CHECK (first->getFile() == original);

    // A build tool replaces the file while the first one is still loaded.
    REQUIRE (original.deleteFile());
    REQUIRE (test::getTestPlugin ("tp_v1").copyFileTo (original));

    auto second = test::loadOrFail (original);
    CHECK (second->getProcessorTable().version == 1);
    CHECK (first->getProcessorTable().version == 2);
    CHECK (second->getLoadedCopy() != copy);

    first.reset();
    CHECK_FALSE (copy.exists());
}

TEST_CASE ("Two loads of one file do not share state", "[loader]")
{
    auto a = test::loadOrFail (test::getTestPlugin ("tp_v2"));
    auto b = test::loadOrFail (test::getTestPlugin ("tp_v2"));
    CHECK (&test::getCounters (*a) != &test::getCounters (*b));
}

TEST_CASE ("Loader failures are typed, named and mapped to diagnostic codes", "[loader]")
{
    SECTION ("no file")
    {
        const auto error = loadError (juce::File ("/nonexistent/libnothing.so"));
        CHECK (error.kind == Kind::fileMissing);
        CHECK (error.getDiagnosticCode() == DiagnosticCode::loaderUnavailable);
        CHECK (error.message.contains ("/nonexistent/libnothing.so"));
        CHECK (error.hint.isNotEmpty());
    }
    SECTION ("a folder")
    {
        test::TemporaryFolder temp;
        CHECK (loadError (temp.folder).kind == Kind::fileMissing);
    }
    SECTION ("not a library: the system's reason is in the message")
    {
        test::TemporaryFolder temp;
        const auto fake = temp.getFile ("libfake.so");
        REQUIRE (fake.replaceWithText ("this is not an ELF file, it only has the name of one"));
        const auto error = loadError (fake);
        CHECK (error.kind == Kind::notALibrary);
        CHECK (error.getDiagnosticCode() == DiagnosticCode::loaderUnavailable);
        CHECK (error.message.contains ("libfake.so is not a loadable library: "));
        CHECK ((error.message.contains ("ELF") || error.message.contains ("too short")));
    }
    SECTION ("no create symbol")
    {
        const auto error = loadError (test::getTestPlugin ("tp_no_create_symbol"));
        CHECK (error.kind == Kind::tableSymbolMissing);
        CHECK (error.getDiagnosticCode() == DiagnosticCode::vtableMissing);
        CHECK (error.message.contains ("does not export wavecraft_dev_create_processor"));
    }
    SECTION ("no params symbol")
    {
        const auto error = loadError (test::getTestPlugin ("tp_no_params_symbol"));
        CHECK (error.kind == Kind::symbolMissing);
        CHECK (error.getDiagnosticCode() == DiagnosticCode::loaderUnavailable);
        CHECK (error.message.contains ("wavecraft_get_params_json"));
    }
    SECTION ("no free symbol")
    {
        const auto error = loadError (test::getTestPlugin ("tp_no_free_symbol"));
        CHECK (error.kind == Kind::symbolMissing);
        CHECK (error.message.contains ("wavecraft_free_string"));
    }
    SECTION ("unsupported version names found and supported versions")
    {
        const auto error = loadError (test::getTestPlugin ("tp_bad_version"));
        CHECK (error.kind == Kind::unsupportedVersion);
        CHECK (error.getDiagnosticCode() == DiagnosticCode::vtableMissing);
        CHECK (error.message.contains ("version 7"));
        CHECK (error.message.contains ("supports versions 1 and 2"));
    }
    SECTION ("a NULL function in the table")
    {
        const auto error = loadError (test::getTestPlugin ("tp_null_process"));
        CHECK (error.kind == Kind::invalidTable);
        CHECK (error.message.contains ("NULL 'process'"));
    }
    SECTION ("params getter returns NULL")
    {
        const auto error = loadError (test::getTestPlugin ("tp_params_null"));
        CHECK (error.kind == Kind::invalidParameters);
        CHECK (error.getDiagnosticCode() == DiagnosticCode::loaderUnavailable);
        CHECK (error.message == "wavecraft_get_params_json in tp_params_null" WAVECRAFT_PLUGIN_SUFFIX " returned NULL");
    }
    SECTION ("params that are not JSON name the symbol and the position")
    {
        const auto error = loadError (test::getTestPlugin ("tp_params_not_json"));
        CHECK (error.kind == Kind::invalidParameters);
        CHECK (error.message.startsWith ("wavecraft_get_params_json in tp_params_not_json"));
        CHECK (error.message.contains ("its JSON is not valid at byte"));
    }
    SECTION ("params that are not an array")
    {
        CHECK (loadError (test::getTestPlugin ("tp_params_not_array")).message.contains ("its JSON must be an array of parameter specs"));
    }
    SECTION ("each invalid spec")
    {
        const std::pair<const char*, const char*> cases[] = {
            { "tp_params_duplicate_id", "repeats the id" },
            { "tp_params_min_not_below_max", "not less than max" },
            { "tp_params_default_out_of_range", "outside its range" },
            { "tp_params_enum_mismatch", "has 2 variants but its range 0..2 has 3 values" },
            { "tp_params_missing_field", "missing the required field 'default'" },
        };

        for (const auto& [plugin, expected] : cases)
        {
            INFO (plugin);
            const auto error = loadError (test::getTestPlugin (plugin));
            CHECK (error.kind == Kind::invalidParameters);
            CHECK (error.message.contains ("wavecraft_get_params_json"));
            CHECK (error.message.contains (expected));
        }
    }
    SECTION ("processors that are not a list of ids")
    {
        const auto error = loadError (test::getTestPlugin ("tp_processors_invalid"));
        CHECK (error.kind == Kind::invalidProcessors);
        CHECK (error.message.contains ("wavecraft_get_processors_json"));
    }
}

TEST_CASE ("A failed load leaves no private copy behind", "[loader]")
{
    const auto folder = juce::File::getSpecialLocation (juce::File::tempDirectory)
                            .getChildFile ("wavecraft-host-" + juce::String (getpid()));
    const auto before = folder.getNumberOfChildFiles (juce::File::findFiles);
    loadError (test::getTestPlugin ("tp_params_null"));
    loadError (test::getTestPlugin ("tp_bad_version"));
    CHECK (folder.getNumberOfChildFiles (juce::File::findFiles) == before);
}

TEST_CASE ("The private copies of a host that crashed are removed by the next one", "[loader]")
{
    // A pid far above any real one (Linux caps pids at 2^22) stands for a dead host.
    const auto stale = juce::File::getSpecialLocation (juce::File::tempDirectory).getChildFile ("wavecraft-host-99999999");
    REQUIRE (stale.getChildFile ("libold-1.so").create());

    // The cleanup runs on a process's first load: run one in a child process.
    const auto result = test::runCommand ({ test::getHostBinary().getFullPathName(), "--plugin",
                                            test::getTestPlugin ("tp_params_null").getFullPathName(), "--render", "/nonexistent.wav",
                                            "/tmp/never.wav" });
    CHECK (result.exitCode == 2);
    CHECK_FALSE (stale.exists());
}
