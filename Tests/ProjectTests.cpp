#include "TestHelpers.h"

#include <wavecraft_project/wavecraft_project.h>

#include <csignal>

using namespace wavecraft;

namespace
{
juce::File getFixture (const juce::String& name)
{
    return juce::File (WAVECRAFT_TEST_FIXTURES).getChildFile ("upstream_codegen").getChildFile (name);
}

std::string readBytes (const juce::File& file)
{
    juce::MemoryBlock bytes;
    REQUIRE (file.loadFileAsData (bytes));
    return bytes.toString().toStdString();
}

std::vector<ParameterSpec> upstreamParameters()
{
    auto parsed = ParameterSpecParser::parseParameters (readBytes (getFixture ("wavecraft-params.json")));
    REQUIRE_FALSE (parsed.failed());
    return parsed.parameters;
}

ParameterSpec parameter (const juce::String& id, ParameterType type = ParameterType::floatType)
{
    ParameterSpec spec;
    spec.id = id;
    spec.name = id;
    spec.type = type;
    return spec;
}

/** A folder with the files named made in it (a trailing '/' makes a folder). */
juce::File makeTree (const juce::File& root, std::initializer_list<std::pair<const char*, const char*>> files)
{
    for (const auto& [path, text] : files)
    {
        const auto file = root.getChildFile (path);

        if (juce::String (path).endsWith ("/"))
            REQUIRE (file.createDirectory());
        else
            REQUIRE ((file.getParentDirectory().createDirectory() && file.replaceWithText (text)));
    }

    return root;
}

/** Running: there, and not a zombie waiting for a parent (an orphan's is init, which may be slow to reap). */
bool isAlive (int processId)
{
    const auto stat = juce::File ("/proc/" + juce::String (processId) + "/stat").loadFileAsString();
    return stat.isNotEmpty() && stat.fromLastOccurrenceOf (")", false, false).trim()[0] != 'Z';
}

const char* engineManifest = "[package]\nname = \"my-plugin\"  # a comment\nversion = \"0.1.0\"\n\n[lib]\ncrate-type = [\"cdylib\"]\n\n"
                             "[features]\ndefault = []\n_param-discovery = []\n";
} // namespace

TEST_CASE ("The TypeScript files are upstream's generator's, byte for byte", "[project]")
{
    juce::String error;

    SECTION ("upstream's committed processors.ts, from its processor ids")
    {
        const auto text = TypeScriptCodegen::makeProcessorTypes ({ "oscillator", "tone_filter", "input_trim", "soft_clip", "output_gain", "oscilloscope_tap", "example_processor" }, error);
        REQUIRE (text.has_value());
        CHECK (*text == readBytes (getFixture ("sdk-template-processors.ts")));
    }

    SECTION ("a template plugin's parameters and processors, read from upstream's own cache file")
    {
        const auto parameters = TypeScriptCodegen::makeParameterTypes (upstreamParameters(), error);
        REQUIRE (parameters.has_value());
        CHECK (*parameters == readBytes (getFixture ("parameters.ts")));

        const auto processors = TypeScriptCodegen::makeProcessorTypes ({ "oscillator", "input_trim", "example_processor" }, error);
        REQUIRE (processors.has_value());
        CHECK (*processors == readBytes (getFixture ("processors.ts")));
    }

    SECTION ("ids sorted byte-wise, each once, quoted and escaped where they aren't identifiers")
    {
        const auto text = TypeScriptCodegen::makeParameterTypes ({ parameter ("gain-db"), parameter ("gain"), parameter ("gain\"quoted\\slash"),
                                                                   parameter ("gain", ParameterType::boolType), parameter ("$ok_1", ParameterType::boolType) },
                                                                 error);
        REQUIRE (text.has_value());
        CHECK (juce::String (text->c_str()).contains ("    __wavecraft_internal_augmented__: true;\n    $ok_1: boolean;\n    gain: number;\n"
                                                      "    'gain\"quoted\\\\slash': number;\n    'gain-db': number;\n  }"));
        CHECK (TypeScriptCodegen::quote ("gain'single\n\t\x01") == "'gain\\'single\\n\\t\\u0001'");
        CHECK (TypeScriptCodegen::quote (juce::String::fromUTF8 ("caf\xc3\xa9 \xc2\x85")) == "'caf\xc3\xa9 \\u0085'");
    }

    SECTION ("an id the generator reserves is refused")
    {
        CHECK_FALSE (TypeScriptCodegen::makeParameterTypes ({ parameter ("__wavecraft_internal_augmented__") }, error).has_value());
        CHECK (error == "Parameter id '__wavecraft_internal_augmented__' is reserved for TypeScript code generation");
    }

    SECTION ("written only when they change, so Vite doesn't reload the page for nothing")
    {
        const juce::TemporaryFile ui;
        REQUIRE (TypeScriptCodegen::write (ui.getFile(), upstreamParameters(), { "oscillator" }).isEmpty());
        const auto file = ui.getFile().getChildFile ("src/generated/parameters.ts");
        const auto written = FileStamp::of (file);
        juce::Thread::sleep (20);
        REQUIRE (TypeScriptCodegen::write (ui.getFile(), upstreamParameters(), { "oscillator" }).isEmpty());
        CHECK (FileStamp::of (file) == written);
        REQUIRE (TypeScriptCodegen::write (ui.getFile(), { parameter ("level") }, { "oscillator" }).isEmpty());
        CHECK (FileStamp::of (file) != written);
    }
}

TEST_CASE ("The parameter cache is upstream's: its bytes, and when it stands for the build", "[project]")
{
    SECTION ("32-bit floats at their shortest, as serde_json writes them")
    {
        CHECK (ParameterCache::formatFloat (0.0f) == "0.0");
        CHECK (ParameterCache::formatFloat (440.0f) == "440.0");
        CHECK (ParameterCache::formatFloat (20000.0f) == "20000.0");
        CHECK (ParameterCache::formatFloat (0.5f) == "0.5");
        CHECK (ParameterCache::formatFloat (0.707f) == "0.707");
        CHECK (ParameterCache::formatFloat (-2.25f) == "-2.25");
        CHECK (ParameterCache::formatFloat (0.0001f) == "0.0001");
        CHECK (ParameterCache::formatFloat (1.0e-7f) == "1e-7");
        CHECK (ParameterCache::formatFloat (1.5e20f) == "1.5e20");
        // ryu's bounds for a 32-bit float: plain from 1e-6, scientific from 1e13.
        CHECK (ParameterCache::formatFloat (1.0e-6f) == "0.000001");
        CHECK (ParameterCache::formatFloat (1.5e-6f) == "0.0000015");
        CHECK (ParameterCache::formatFloat (1.0e12f) == "1000000000000.0");
        CHECK (ParameterCache::formatFloat (1.0e13f) == "1e13");
        CHECK (ParameterCache::formatFloat (123456789.0f) == "123456790.0");
        CHECK (ParameterCache::formatFloat (0.1f) == "0.1");
    }

    SECTION ("the files, byte for byte")
    {
        CHECK (ParameterCache::makeParametersJson (upstreamParameters()) == readBytes (getFixture ("wavecraft-params.json")));
        CHECK (ParameterCache::makeProcessorsJson ({ "oscillator", "input_trim", "example_processor" }) == readBytes (getFixture ("wavecraft-processors.json")));
        CHECK (ParameterCache::makeParametersJson ({}) == "[]");
    }

    SECTION ("fresh while newer than the library, every source file and the host; stale otherwise, saying why")
    {
        const juce::TemporaryFile folder;
        const auto root = makeTree (folder.getFile(), { { "src/lib.rs", "fn a() {}" }, { "target/debug/libp.so", "elf" } });
        const auto debug = root.getChildFile ("target/debug");
        const auto library = debug.getChildFile ("libp.so");
        CHECK (ParameterCache::whyStale (debug, library, root.getChildFile ("src")) == "no cache yet");

        juce::Thread::sleep (20);
        REQUIRE (ParameterCache::write (debug, upstreamParameters(), { "oscillator" }).isEmpty());
        CHECK (ParameterCache::whyStale (debug, library, root.getChildFile ("src")).isEmpty());

        // Older than the running executable (a new host), a cache is stale.
        const auto executable = juce::File::getSpecialLocation (juce::File::currentExecutableFile).getLastModificationTime();
        REQUIRE (library.setLastModificationTime (executable - juce::RelativeTime::seconds (3)));
        REQUIRE (root.getChildFile ("src/lib.rs").setLastModificationTime (executable - juce::RelativeTime::seconds (3)));
        REQUIRE (debug.getChildFile (ParameterCache::processorsFileName).setLastModificationTime (executable - juce::RelativeTime::seconds (1)));
        CHECK (ParameterCache::whyStale (debug, library, root.getChildFile ("src")) == "CLI binary newer");

        REQUIRE (ParameterCache::write (debug, upstreamParameters(), { "oscillator" }).isEmpty());
        CHECK (ParameterCache::whyStale (debug, library, root.getChildFile ("src")).isEmpty());

        juce::Thread::sleep (20);
        REQUIRE (root.getChildFile ("src/lib.rs").replaceWithText ("fn b() {}"));
        CHECK (ParameterCache::whyStale (debug, library, root.getChildFile ("src")) == "engine source newer");

        REQUIRE (ParameterCache::write (debug, upstreamParameters(), { "oscillator" }).isEmpty());
        juce::Thread::sleep (20);
        REQUIRE (library.replaceWithText ("elf, rebuilt"));
        CHECK (ParameterCache::whyStale (debug, library, root.getChildFile ("src")) == "dylib newer");
    }
}

TEST_CASE ("A project is found as upstream finds it, and says what is missing when it isn't one", "[project]")
{
    const juce::TemporaryFile folder;
    const auto root = folder.getFile();
    REQUIRE (root.createDirectory());
    juce::String error;

    CHECK_FALSE (WavecraftProject::find (root, error).has_value());
    CHECK (error == "not a Wavecraft project: " + root.getFullPathName() + " has no ui/ folder (a project made by `wavecraft create` has engine/Cargo.toml and ui/package.json)");

    makeTree (root, { { "ui/", "" }, { "engine/", "" } });
    CHECK_FALSE (WavecraftProject::find (root, error).has_value());
    CHECK (error.contains ("has no ui/package.json"));

    makeTree (root, { { "ui/package.json", "{}" } });
    CHECK_FALSE (WavecraftProject::find (root, error).has_value());
    CHECK (error.contains ("has no engine/Cargo.toml"));

    makeTree (root, { { "engine/Cargo.toml", engineManifest }, { "engine/src/lib.rs", "" }, { "Cargo.toml", "[workspace]\nmembers = [\"engine\"]\n" } });
    const auto project = WavecraftProject::find (root, error);
    REQUIRE (project.has_value());
    CHECK_FALSE (project->isSdkTemplate());
    CHECK (project->getManifest().packageName == "my-plugin");
    CHECK (project->makeBuildCommand() == juce::StringArray { "cargo", "build", "--lib", "--features", "_param-discovery", "--package", "my-plugin" });

    // Before a build: where cargo will put it, the workspace's target.
    CHECK (project->getLibraryFile() == root.getChildFile ("target/debug/libmy_plugin.so"));
    CHECK (project->findLibrary (error) == juce::File());
    CHECK (error.startsWith ("no build of the engine yet"));

    // The crate's own library is preferred over any other there.
    makeTree (root, { { "target/debug/libother.so", "" }, { "target/debug/libmy_plugin.so", "" } });
    CHECK (project->findLibrary (error) == root.getChildFile ("target/debug/libmy_plugin.so"));

    SECTION ("a crate without the discovery feature is built without it")
    {
        REQUIRE (root.getChildFile ("engine/Cargo.toml").replaceWithText ("[package]\nname = \"plain\"\n"));
        CHECK (WavecraftProject::find (root, error)->makeBuildCommand() == juce::StringArray { "cargo", "build", "--lib", "--package", "plain" });
    }

    SECTION ("inside the Wavecraft repository, its SDK template is the project")
    {
        REQUIRE (root.getChildFile ("engine/Cargo.toml").replaceWithText ("[workspace]\nmembers = [\"crates/*\"]\n"));
        makeTree (root, { { "cli/Cargo.toml", "" }, { "engine/crates/wavecraft-core/", "" } });
        CHECK_FALSE (WavecraftProject::find (root, error).has_value());
        CHECK (error.contains ("sdk-template/engine/Cargo.toml isn't made yet: run ./scripts/setup-dev-template.sh first"));

        makeTree (root, { { "sdk-template/engine/Cargo.toml", engineManifest }, { "sdk-template/ui/package.json", "{}" } });
        const auto sdk = WavecraftProject::find (root, error);
        REQUIRE (sdk.has_value());
        CHECK (sdk->isSdkTemplate());
        CHECK (sdk->getEngineFolder() == root.getChildFile ("sdk-template/engine"));
        CHECK (sdk->getUiFolder() == root.getChildFile ("sdk-template/ui"));
    }
}

TEST_CASE ("A compiler error in cargo's JSON is read with its file, line and column, relative to the project", "[project]")
{
    const juce::TemporaryFile folder;
    const auto root = makeTree (folder.getFile(), { { "engine/src/lib.rs", "fn main() { let x = ; }" }, { "engine/Cargo.toml", "" } });
    const auto manifest = root.getChildFile ("engine/Cargo.toml").getFullPathName();
    const auto line = R"({"reason":"compiler-message","package_id":"p","manifest_path":")" + manifest.toStdString()
        + R"(","target":{},"message":{"rendered":"error: expected expression, found `;`\n --> src/lib.rs:1:21\n","$message_type":"diagnostic","children":[],"code":null,"level":"error","message":"expected expression, found `;`","spans":[{"byte_end":21,"byte_start":20,"column_end":22,"column_start":21,"file_name":"src/lib.rs","is_primary":true,"label":"expected expression","line_end":1,"line_start":1,"text":[]}]}})";

    const auto diagnostic = CargoBuild::parseMessage (juce::String (line), root);
    REQUIRE (diagnostic.has_value());
    CHECK (diagnostic->describe() == "engine/src/lib.rs:1:21: error: expected expression, found `;`");
    CHECK (diagnostic->rendered.startsWith ("error: expected expression"));

    CHECK_FALSE (CargoBuild::parseMessage (R"({"reason":"compiler-artifact","filenames":[]})", root).has_value());
    CHECK_FALSE (CargoBuild::parseMessage ("   Compiling my-plugin v0.1.0", root).has_value());
}

TEST_CASE ("A process group ends whole: what the command started goes with it", "[project]")
{
    const juce::TemporaryFile pidFile;
    ProcessGroup group;
    std::atomic<int> exitCode { -1 };
    juce::StringArray lines;
    std::mutex linesLock;
    group.onLine = [&] (const juce::String& line, bool fromStandardError)
    {
        const std::lock_guard<std::mutex> lock (linesLock);
        lines.add ((fromStandardError ? "err: " : "out: ") + line);
    };
    group.onExit = [&] (int code)
    { exitCode = code; };

    // A shell that starts a grandchild, as npm starts node and Vite.
    ProcessGroup::Options options;
    options.command = { "sh", "-c", "sleep 60 & echo $! > \"$PID_FILE\"; echo started; echo to-stderr >&2; wait" };
    options.folder = juce::File::getSpecialLocation (juce::File::tempDirectory);
    options.environment.set ("PID_FILE", pidFile.getFile().getFullPathName());
    juce::String error;
    REQUIRE (group.start (options, error));
    REQUIRE (test::pumpUntil ([&]
                              { return pidFile.getFile().loadFileAsString().trim().isNotEmpty(); },
                              5000));
    const auto grandchild = pidFile.getFile().loadFileAsString().trim().getIntValue();
    CHECK (isAlive (grandchild));

    group.stop (1000);
    CHECK_FALSE (group.isRunning());
    CHECK (exitCode.load() == 128 + SIGTERM);
    CHECK_FALSE (isAlive (grandchild)); // gone with its group
    const std::lock_guard<std::mutex> lock (linesLock);
    CHECK (lines.contains ("out: started"));
    CHECK (lines.contains ("err: to-stderr"));

    ProcessGroup missing;
    CHECK_FALSE (missing.start ({ { "no-such-program-here" }, options.folder, {} }, error));
    CHECK (error == "cannot start no-such-program-here: it is not on the PATH");
}

TEST_CASE ("The sources are watched as upstream watches them: .rs files and Cargo.toml, told once after 500 ms of quiet", "[project]")
{
    const juce::TemporaryFile folder;
    const auto root = makeTree (folder.getFile(), { { "engine/Cargo.toml", "" }, { "engine/src/lib.rs", "" }, { "engine/src/dsp/gain.rs", "" }, { "engine/src/target/", "" }, { "engine/src/.hidden/", "" } });
    SourceTreeWatcher watcher (root.getChildFile ("engine/src"), root.getChildFile ("engine/Cargo.toml"));
    std::vector<std::pair<juce::int64, juce::StringArray>> told;
    watcher.onChange = [&] (juce::int64 first, const juce::StringArray& changed)
    { told.emplace_back (first, changed); };
    watcher.start(); // its watches are in place when it returns

    // Ignored: not Rust, an editor's temporary file, target/, hidden.
    for (const auto* path : { "engine/src/notes.txt", "engine/src/.lib.rs.swp", "engine/src/lib.rs~", "engine/src/target/x.rs", "engine/src/.hidden/y.rs" })
        REQUIRE (root.getChildFile (path).replaceWithText ("x"));

    CHECK_FALSE (test::pumpUntil ([&]
                                  { return ! told.empty(); },
                                  800));

    // Two saves 200 ms apart, one in a folder made since: one batch.
    const auto savedNanos = getMonotonicNanos();
    REQUIRE (root.getChildFile ("engine/src/lib.rs").replaceWithText ("fn a() {}"));
    juce::Thread::sleep (200);
    const auto secondSaveNanos = getMonotonicNanos();
    makeTree (root, { { "engine/src/new_module/mod.rs", "fn b() {}" } }); // at once: before or after its folder's watch, it counts
    REQUIRE (test::pumpUntil ([&]
                              { return ! told.empty(); },
                              3000));
    const auto toldNanos = getMonotonicNanos();
    REQUIRE (told.size() == 1);
    CHECK (told[0].first >= savedNanos);
    CHECK (told[0].first - savedNanos < 200 * 1000000);                                           // the first save, as it was seen
    CHECK (toldNanos - secondSaveNanos >= SourceTreeWatcher::debounceMs * (juce::int64) 1000000); // the quiet after the last
    CHECK (told[0].second.contains (root.getChildFile ("engine/src/lib.rs").getFullPathName()));
    CHECK (told[0].second.contains (root.getChildFile ("engine/src/new_module/mod.rs").getFullPathName()));

    REQUIRE (root.getChildFile ("engine/Cargo.toml").replaceWithText ("[package]"));
    REQUIRE (test::pumpUntil ([&]
                              { return told.size() == 2; },
                              3000));
}
